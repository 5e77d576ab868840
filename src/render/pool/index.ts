export { RenderPool, type PoolJob, type PoolOptions } from './pool.js';
