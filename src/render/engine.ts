/**
 * The render engine: templates compiled once (parse -> tags -> Typst program), contracts rendered
 * by running that program with the data in a pool of worker threads (DESIGN.md "Rendering").
 */
import { createHash } from 'node:crypto';
import { HetongError } from '../shared/errors.js';
import { parseDocx } from './docx/index.js';
import { tooLarge } from './docx/intake/errors.js';
import type { FontSet } from './fonts/index.js';
import type { RenderWarning, TemplateDocument } from './model.js';
import { RenderPool, type CompileJob } from './pool/index.js';
import { assertPngWidth, sampleData } from './preview/index.js';
import { renderHtmlPreview } from './html/index.js';
import {
  applyTags,
  assertDataValid,
  expandDocument,
  type Delimiters,
  type MissingPolicy,
} from './tags/index.js';
import { generateProgram } from './typst/index.js';
import {
  deserializeCompiledTemplate,
  outdatedCompiledTemplate,
  programId,
  type CompiledTemplate,
} from './typst/compiled.js';
import { prepareData } from './typst/data.js';
import { collectHtmlBases } from './typst/html-bases.js';

export interface CompileOptions {
  delimiters?: Delimiters;
  /** Fonts registered by the business line (their Word names are mapped to them). */
  fonts?: Pick<FontSet, 'aliases'>;
}

/** Compiles a Word template into a Typst program plus assets, once per template version. */
export async function compileTemplate(
  docx: Uint8Array,
  options: CompileOptions = {},
): Promise<CompiledTemplate> {
  const parsed = parseDocx(docx);
  const { doc, fields } = applyTags(parsed, options.delimiters ? { delimiters: options.delimiters } : {});
  return compileDocument(doc, fields, options);
}

/** The back half of compileTemplate, for an already tagged document. */
export function compileDocument(
  doc: TemplateDocument,
  fields: CompiledTemplate['fields'],
  options: Pick<CompileOptions, 'fonts'> = {},
): CompiledTemplate {
  const generated = generateProgram(doc, options.fonts ? { fontAliases: options.fonts.aliases } : {});
  assertProgramSize(generated.program, generated.modules);
  const s = doc.finalSection;
  return {
    id: programId(generated.program, generated.modules, generated.assets),
    program: generated.program,
    modules: generated.modules,
    assets: generated.assets,
    fields,
    warnings: generated.warnings,
    doc,
    htmlBases: collectHtmlBases(doc.body),
    textWidth: s.pageWidth - s.margins.left - s.margins.right - s.margins.gutter,
  };
}

/**
 * Bytes of Typst source one template may compile to (the standard contract needs about 60 KB).
 * Each render re-evaluates the program, and the compiled template is stored and cached per
 * version, so the bound keeps both a render's cost and the template store in proportion.
 */
export const MAX_PROGRAM_BYTES = 16 * 1024 * 1024;

export function assertProgramSize(program: string, modules: Record<string, string>): void {
  let size = program.length;
  for (const m of Object.values(modules)) size += m.length;
  if (size > MAX_PROGRAM_BYTES) {
    throw tooLarge(
      `The template compiles to ${(size / 1048576).toFixed(1)} MB of layout program, more than ${MAX_PROGRAM_BYTES / 1048576} MB; split it into smaller templates.`,
      { programBytes: size, limit: MAX_PROGRAM_BYTES },
    );
  }
}

export interface Theme {
  /** Page and text colours for phones in dark mode. */
  theme?: 'light' | 'dark';
  /** Theme hook: 6-digit hex colours overriding text, page background and accent (borders). */
  colors?: { text?: string; background?: string; accent?: string };
}

/** How contract data is taken (per template version). */
export interface DataOptions {
  /** A missing plain value: an error (default) or shown empty with a VALUE_MISSING warning. */
  missing?: MissingPolicy;
}

export interface RenderedPdf {
  pdf: Uint8Array;
  pageCount: number;
  /** SHA-256 of the PDF, hex. */
  sha256: string;
  /** What the data made of the document: values shown empty, HTML parts dropped. */
  warnings: RenderWarning[];
}

export interface EngineOptions {
  /** Worker threads (default: the number of cores). */
  workers?: number;
  fonts?: FontSet;
  /** Time limit of one render, milliseconds. */
  timeoutMs?: number;
  /** Replace a worker after this many documents (see RenderPool). */
  recycleAfter?: number;
  /** JavaScript heap of one worker, MiB (see RenderPool). */
  heapLimitMb?: number;
  /**
   * Where compiles run when not in the render pool: the service gives them to its task pool,
   * whose workers run at a lower CPU priority (a .docx upload is strangers' input a business line
   * can send in a loop; contract renders must keep their cores). Resolves with the text
   * compileToJson writes, rejects with the compiler's HetongError.
   */
  compiler?: (job: CompileJob) => Promise<string>;
}

/** Which business line a piece of work is for: its lane in the pools' fair queues. */
export interface TenantOption {
  tenant?: string;
}

const HEX = /^[0-9A-Fa-f]{6}$/;

function themeJson(t: Theme): string {
  const out: Record<string, unknown> = { dark: t.theme === 'dark' };
  for (const [k, v] of Object.entries(t.colors ?? {})) {
    if (v === undefined) continue;
    const c = v.replace(/^#/, '');
    if (!HEX.test(c))
      throw new HetongError('RENDER_OPTIONS_INVALID', 400, `theme colour ${k} must be a 6-digit hex colour`, {
        [k]: v,
      });
    out[k] = c.toUpperCase();
  }
  return JSON.stringify(out);
}

export class RenderEngine {
  readonly #pool: RenderPool;
  readonly #fonts: FontSet | undefined;
  readonly #compiler: EngineOptions['compiler'];

  constructor(options: EngineOptions = {}) {
    this.#fonts = options.fonts;
    this.#compiler = options.compiler;
    const blobs = options.fonts?.registeredFiles().map((f) => f.bytes) ?? [];
    this.#pool = new RenderPool({
      fontBlobs: blobs,
      ...(options.workers !== undefined ? { workers: options.workers } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.recycleAfter !== undefined ? { recycleAfter: options.recycleAfter } : {}),
      ...(options.heapLimitMb !== undefined ? { heapLimitMb: options.heapLimitMb } : {}),
    });
  }

  /** Resolves when every worker has its fonts loaded. */
  ready(): Promise<void> {
    return this.#pool.ready();
  }

  get pool(): RenderPool {
    return this.#pool;
  }

  /**
   * compileTemplate in a worker of the pool, so parsing and program generation do not hold up the
   * caller's event loop. Same result (same program id) and same errors as the in-process
   * function; fonts default to the engine's.
   */
  async compileTemplate(
    docx: Uint8Array,
    options: CompileOptions & TenantOption = {},
  ): Promise<CompiledTemplate> {
    const fonts = options.fonts ?? this.#fonts;
    const job: CompileJob = {
      docx,
      ...(options.delimiters !== undefined ? { delimiters: options.delimiters } : {}),
      ...(fonts !== undefined ? { fontAliases: new Map(fonts.aliases) } : {}),
      ...(options.tenant !== undefined ? { tenant: options.tenant } : {}),
    };
    const json = await (this.#compiler ?? ((j: CompileJob) => this.#pool.compile(j)))(job);
    return deserializeCompiledTemplate(json);
  }

  /**
   * A stored compiled template. One written by an earlier engine version is generated again from
   * its IR (no .docx parsing, the tags were resolved when it was uploaded): `upgraded` tells the
   * caller to store the new one.
   */
  loadCompiled(json: string): { compiled: CompiledTemplate; upgraded: boolean } {
    const old = outdatedCompiledTemplate(json);
    if (old === undefined) return { compiled: deserializeCompiledTemplate(json), upgraded: false };
    const fonts = this.#fonts;
    return { compiled: compileDocument(old.doc, old.fields, fonts ? { fonts } : {}), upgraded: true };
  }

  async #run(
    compiled: CompiledTemplate,
    data: unknown,
    run: Theme & TenantOption,
    format: 'pdf' | 'svg' | 'png',
    validate: DataOptions | false = {},
    png?: { width: number; pages?: number[] },
  ) {
    const warnings = validate === false ? [] : assertDataValid(compiled.fields, data, validate.missing);
    const prepared = prepareData(data, {
      fields: compiled.fields,
      htmlBases: compiled.htmlBases,
      settings: compiled.doc.settings,
      textWidth: compiled.textWidth,
    });
    const result = await this.#pool.run({
      programId: compiled.id,
      program: compiled.program,
      modules: compiled.modules,
      assets: compiled.assets,
      data: prepared.json,
      theme: themeJson(run),
      shadows: prepared.shadows,
      format,
      ...(png ? { png } : {}),
      ...(run.tenant !== undefined ? { tenant: run.tenant } : {}),
    });
    return { ...result, warnings: [...warnings, ...prepared.warnings] };
  }

  /** The contract PDF. Data is validated first (CONTRACT_DATA_INVALID lists every problem). */
  async renderPdf(
    compiled: CompiledTemplate,
    data: unknown,
    options: Theme & DataOptions & TenantOption = {},
  ): Promise<RenderedPdf> {
    const r = await this.#run(compiled, data, options, 'pdf', options);
    const pdf = r.pdf!;
    return {
      pdf,
      pageCount: r.pageCount,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      warnings: r.warnings,
    };
  }

  /** PNG previews of pages (1-based; all when omitted) at `width` pixels. */
  async renderPng(
    compiled: CompiledTemplate,
    data: unknown,
    options: Theme & DataOptions & TenantOption & { width: number; pages?: number[] },
  ): Promise<Uint8Array[]> {
    assertPngWidth(options.width);
    // Rasterised in the worker: the main thread only receives the pages asked for.
    const png = { width: options.width, ...(options.pages ? { pages: options.pages } : {}) };
    return (await this.#run(compiled, data, options, 'png', options, png)).pngs!;
  }

  /** The phone-friendly HTML preview (the tags engine's expansion + the HTML back end). */
  renderHtml(
    compiled: CompiledTemplate,
    data: unknown,
    options: Pick<Theme, 'theme'> & DataOptions = {},
  ): Promise<string> {
    assertDataValid(compiled.fields, data, options.missing);
    return Promise.resolve(
      renderHtmlPreview(expandDocument(compiled.doc, data), options.theme ? { theme: options.theme } : {}),
    );
  }

  /** A template preview: sample data, or each tag's name shown where its value goes. */
  async templatePreview(
    compiled: CompiledTemplate,
    options: { mode: 'sample' | 'tags' } & Theme & TenantOption,
  ): Promise<RenderedPdf> {
    const data = sampleData(compiled.fields, options.mode);
    const r = await this.#run(compiled, data, options, 'pdf', false);
    const pdf = r.pdf!;
    return {
      pdf,
      pageCount: r.pageCount,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      warnings: r.warnings,
    };
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}
