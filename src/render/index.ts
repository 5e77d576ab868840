/**
 * The render capability: Word templates compiled once into Typst programs, contract PDFs, PNG and
 * HTML previews. Error codes: see the engine and its parts (RENDER_FAILED, RENDER_TIMEOUT,
 * RENDER_OPTIONS_INVALID, RENDER_POOL_CLOSED, TEMPLATE_COMPILED_INVALID, TEMPLATE_COMPILED_OUTDATED,
 * FONT_INVALID, plus the parser's TEMPLATE_* and the tags' CONTRACT_DATA_INVALID).
 */
export {
  compileTemplate,
  compileDocument,
  RenderEngine,
  type CompileOptions,
  type DataOptions,
  type EngineOptions,
  type RenderedPdf,
  type Theme,
} from './engine.js';
export {
  deserializeCompiledTemplate,
  serializeCompiledTemplate,
  type CompiledTemplate,
} from './typst/compiled.js';
export { FontSet } from './fonts/index.js';
export type { FieldSpec, MissingPolicy } from './tags/index.js';
export { MISSING_POLICIES } from './tags/index.js';
export { builtinTemplate, compiledBuiltin, renderBuiltin } from './builtin/index.js';
