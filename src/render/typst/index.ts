export {
  generateProgram,
  generateFragment,
  generateInlineFragment,
  type FragmentCode,
  type TypstProgram,
} from './codegen.js';
export type { CodegenOptions } from './context.js';
export { str as typstString } from './escape.js';
export { PRELUDE } from './prelude.js';
export { TypstRunner, type RunRequest, type RunResult } from './runner.js';
