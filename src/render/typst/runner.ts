/**
 * Runs generated programs with one Typst compiler (typst-ts-node-compiler). Synchronous: it is
 * used inside the worker threads of the pool (src/render/pool/) and directly by tests.
 * A program (main file, modules, assets) is mapped once, keyed by the program's id, under
 * `/programs/<id>/`; every render maps the data as DATA_FILE and the theme as THEME_FILE and
 * compiles the main file, with no `sys.inputs`. Passing
 * the source as `mainFileContent` made Typst re-parse and re-evaluate the program on every
 * document, and data in `sys.inputs` would invalidate every memoised evaluation (codegen.ts).
 * Data images are mapped under fresh per-render paths and unmapped after. The compiler's cache
 * keeps what the last CACHE_AGE renders used (the static module's evaluation and its layout) and
 * evicts the rest. The least recently used programs are unmapped beyond MAX_PROGRAMS.
 */
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import { compactPdf } from '../../pdf/compact.js';
import { HetongError } from '../../shared/errors.js';
import { DATA_FILE, THEME_FILE } from './prelude.js';

export interface RunRequest {
  /** Content hash of program, modules and assets; they are mapped once per key. */
  programId: string;
  program: string;
  /** Files the program imports, by name relative to it (the static module). */
  modules?: Record<string, string>;
  assets: Record<string, Uint8Array>;
  /** Contract data as JSON (images and fragments already prepared by the engine). */
  data: string;
  /** Theme as JSON: { dark?, text?, background?, accent? }. */
  theme?: string;
  /** Per-render shadows (data images), unmapped after the render. */
  shadows?: Record<string, Uint8Array>;
  format: 'pdf' | 'svg';
}

export interface RunResult {
  pdf?: Uint8Array;
  svg?: string;
  /** PNG pages, made from the SVG by the render worker (format `png`). */
  pngs?: Uint8Array[];
  pageCount: number;
}

export interface Diagnostic {
  message: string;
  severity?: unknown;
  path?: string;
  range?: unknown;
}

/** Root of the compiler's virtual project: program paths like "/assets/x.png" resolve under it. */
const WORKSPACE = '/hetong';
/** Programs kept mapped in one compiler (the pool's workers cache as many). */
const MAX_PROGRAMS = 64;
/**
 * Compilations a cache entry survives unused (comemo eviction age). Long enough for a worker
 * that alternates between a few templates to keep each one's static module and layout warm;
 * memory stays flat because entries of past contracts' data age out.
 */
const CACHE_AGE = 10;

interface MappedProgram {
  mainFilePath: string;
  sourcePaths: string[];
  assetPaths: string[];
}

export class TypstRunner {
  readonly #compiler: NodeCompiler;
  /** Insertion order = recency (re-inserted on use). */
  readonly #mapped = new Map<string, MappedProgram>();
  /** Asset path -> id of the program whose bytes are mapped there now. */
  readonly #assetOwner = new Map<string, string>();

  readonly #maxPrograms: number;

  /** `maxPrograms`: programs kept mapped (default MAX_PROGRAMS, the pool workers' cache size). */
  constructor(fontBlobs: Uint8Array[], maxPrograms = MAX_PROGRAMS) {
    this.#maxPrograms = maxPrograms;
    this.#compiler = NodeCompiler.create({
      workspace: WORKSPACE,
      fontArgs: [
        {
          fontBlobs: fontBlobs.map((b) =>
            Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength),
          ),
        },
      ],
    });
  }

  run(req: RunRequest): RunResult {
    const c = this.#compiler;
    const program = this.#map(req);
    const shadows = Object.entries(req.shadows ?? {});
    for (const [path, bytes] of shadows) c.mapShadow(WORKSPACE + path, Buffer.from(bytes));
    c.mapShadow(WORKSPACE + DATA_FILE, Buffer.from(req.data));
    c.mapShadow(WORKSPACE + THEME_FILE, Buffer.from(req.theme ?? '{}'));
    try {
      const compiled = c.compile({ mainFilePath: program.mainFilePath });
      const error = compiled.takeError();
      if (error !== null || compiled.result === null) {
        const diagnostics = (error?.shortDiagnostics ?? []) as Diagnostic[];
        throw new HetongError(
          'RENDER_FAILED',
          500,
          `the Typst program failed: ${diagnostics.map((d) => d.message).join('; ') || 'no output'}`,
          {
            diagnostics: diagnostics.map((d) => ({ message: d.message, path: d.path, range: d.range })),
          },
        );
      }
      const doc = compiled.result;
      const pageCount = doc.numOfPages;
      if (req.format === 'svg') return { svg: c.svg(doc), pageCount };
      // No tagged-PDF structure tree (ISO 32000-1 §14.8): contracts are not PDF/UA here, and the
      // tree was 46 of the standard contract's 211 KB (DESIGN.md target: PDF <= 150 KB).
      // Object streams, an xref stream and compressed CMaps (src/pdf/compact.ts; the render bench's
      // compaction row notes the largest PDF before and after).
      const { pdf } = compactPdf(c.pdf(doc, { pdfTags: false }));
      return { pdf: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength), pageCount };
    } finally {
      for (const [path] of shadows) c.unmapShadow(WORKSPACE + path);
      c.evictCache(CACHE_AGE);
    }
  }

  /**
   * Maps the program (as the main file) and its assets; unmaps the least recently used program.
   * Asset paths are numbered per template ("/assets/1-x.png"), so two programs may use one path
   * for different images: the path is remapped whenever another program mapped it last.
   */
  #map(req: RunRequest): MappedProgram {
    const c = this.#compiler;
    let entry = this.#mapped.get(req.programId);
    if (entry !== undefined) {
      this.#mapped.delete(req.programId);
    } else {
      // Ids are hex digests, so the path needs no escaping; module names come from codegen.
      const dir = `${WORKSPACE}/programs/${req.programId}`;
      entry = { mainFilePath: `${dir}/main.typ`, sourcePaths: [], assetPaths: Object.keys(req.assets) };
      c.addSource(entry.mainFilePath, req.program);
      for (const [name, source] of Object.entries(req.modules ?? {})) {
        const path = `${dir}/${name}`;
        c.addSource(path, source);
        entry.sourcePaths.push(path);
      }
    }
    this.#mapped.set(req.programId, entry);
    for (const path of entry.assetPaths) {
      if (this.#assetOwner.get(path) === req.programId) continue;
      c.mapShadow(WORKSPACE + path, Buffer.from(req.assets[path]!));
      this.#assetOwner.set(path, req.programId);
    }
    if (this.#mapped.size > this.#maxPrograms) {
      const [oldId, old] = this.#mapped.entries().next().value!;
      this.#mapped.delete(oldId);
      c.unmapShadow(old.mainFilePath);
      for (const path of old.sourcePaths) c.unmapShadow(path);
      for (const path of old.assetPaths) {
        if (this.#assetOwner.get(path) !== oldId) continue;
        c.unmapShadow(WORKSPACE + path);
        this.#assetOwner.delete(path);
      }
    }
    return entry;
  }
}
