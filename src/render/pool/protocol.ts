/** Messages between the render pool and its worker threads. */
import type { CompileJobInput } from './compile-job.js';
import type { RunResult } from '../typst/runner.js';

export interface WorkerInit {
  /** Paths of font files the worker reads itself (the shipped ones). */
  fontPaths: string[];
  /** Extra font files (registered by business lines), copied once at start. */
  fontBlobs: Uint8Array[];
}

export interface RenderMessage {
  kind: 'render';
  id: number;
  programId: string;
  /** Sent only when the worker does not have the program yet. */
  program?: string;
  modules?: Record<string, string>;
  assets?: Record<string, Uint8Array>;
  data: string;
  theme?: string;
  shadows?: Record<string, Uint8Array>;
  format: 'pdf' | 'svg' | 'png';
  /** For `png`: the pages (1-based; all when omitted) rasterised at `width` pixels, in the worker. */
  png?: { width: number; pages?: number[] };
}

/** Compiles a Word template (parse, tags, Typst program) off the main thread. */
export interface CompileMessage extends CompileJobInput {
  kind: 'compile';
  id: number;
}

/** Makes the worker exit abruptly: used to prove the pool survives a crashed worker. */
export interface CrashMessage {
  kind: 'crash';
}

export type ToWorker = RenderMessage | CompileMessage | CrashMessage;

export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'done'; id: number; result: RunResult; rss: number }
  /** `compiled` is the template written by serializeCompiledTemplate. */
  | { kind: 'compiled'; id: number; compiled: string; rss: number }
  | { kind: 'failed'; id: number; code: string; status: number; message: string; details?: unknown };
