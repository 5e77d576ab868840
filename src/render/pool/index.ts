export { RenderPool, type CompileJob, type PoolJob, type PoolOptions } from './pool.js';
export { compileToJson, type CompileJobInput } from './compile-job.js';
