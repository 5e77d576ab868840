/**
 * Built-in templates: documents Hetong writes itself (authorization letters, evidence reports),
 * made from body XML in our code and rendered by the same engine as uploaded Word templates.
 */
export { builtinTemplate, compiledBuiltin, renderBuiltin } from './template.js';
export {
  facts,
  heading,
  paragraph,
  run,
  table,
  title,
  type Column,
  type ParagraphStyle,
  type RunStyle,
} from './wml.js';
