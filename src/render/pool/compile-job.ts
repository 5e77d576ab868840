/**
 * One template compile as a worker runs it: the .docx in, the compiled template out as the text
 * serializeCompiledTemplate writes (plain data crosses a thread boundary; classes do not). Shared by
 * the render pool's workers and any other pool the composition root gives compiles to.
 */
import type { Delimiters } from '../tags/index.js';
import { serializeCompiledTemplate } from '../typst/compiled.js';

export interface CompileJobInput {
  docx: Uint8Array;
  delimiters?: Delimiters;
  /** Word font names mapped to registered families (the engine's FontSet). */
  fontAliases?: ReadonlyMap<string, string>;
}

export async function compileToJson(job: CompileJobInput): Promise<string> {
  // Loaded on first use: a worker that only renders never needs the parser.
  const { compileTemplate } = await import('../engine.js');
  const compiled = await compileTemplate(job.docx, {
    ...(job.delimiters !== undefined ? { delimiters: job.delimiters } : {}),
    ...(job.fontAliases !== undefined ? { fonts: { aliases: job.fontAliases } } : {}),
  });
  return serializeCompiledTemplate(compiled);
}
