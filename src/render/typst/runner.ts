/**
 * Runs generated programs with one Typst compiler (typst-ts-node-compiler). Synchronous: it is
 * used inside the worker threads of the pool (src/render/pool/) and directly by tests.
 * Assets of a program are mapped once (keyed by the program's id); data images are mapped under
 * fresh per-render paths and unmapped after; the compiler cache is evicted after every document
 * (else it grows ~3.7 MB per document).
 */
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import { HetongError } from '../../shared/errors.js';

export interface RunRequest {
  /** Content hash of program + assets; assets are mapped once per key. */
  programId: string;
  program: string;
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

export class TypstRunner {
  readonly #compiler: NodeCompiler;
  readonly #mapped = new Set<string>();

  constructor(fontBlobs: Uint8Array[]) {
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
    if (!this.#mapped.has(req.programId)) {
      for (const [path, bytes] of Object.entries(req.assets))
        c.mapShadow(WORKSPACE + path, Buffer.from(bytes));
      this.#mapped.add(req.programId);
    }
    const shadows = Object.entries(req.shadows ?? {});
    for (const [path, bytes] of shadows) c.mapShadow(WORKSPACE + path, Buffer.from(bytes));
    try {
      const inputs: Record<string, string> = { data: req.data };
      if (req.theme !== undefined) inputs.theme = req.theme;
      const compiled = c.compile({ mainFileContent: req.program, inputs });
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
      const pdf = c.pdf(doc);
      return { pdf: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength), pageCount };
    } finally {
      for (const [path] of shadows) c.unmapShadow(WORKSPACE + path);
      c.evictCache(10);
    }
  }
}
