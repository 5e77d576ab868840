export { generateProgram, generateFragment, type TypstProgram } from './codegen.js';
export { str as typstString } from './escape.js';
export { PRELUDE } from './prelude.js';
