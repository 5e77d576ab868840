/**
 * A render worker: one Typst compiler with the fonts loaded once, programs cached by id (the
 * pool sends each program and its assets once), one document at a time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isHetongError } from '../../shared/errors.js';
import { readShippedFont } from '../fonts/registry.js';
import { svgToPngs } from '../preview/png.js';
import { TypstRunner, type RunResult } from '../typst/runner.js';
import { compileToJson } from './compile-job.js';
import type { CompileMessage, FromWorker, ToWorker, WorkerInit } from './protocol.js';

const MAX_PROGRAMS = 64;

const init = workerData as WorkerInit;
const runner = new TypstRunner([...init.fontPaths.map(readShippedFont), ...init.fontBlobs]);
const programs = new Map<
  string,
  { program: string; modules: Record<string, string>; assets: Record<string, Uint8Array> }
>();
const port = parentPort!;

function send(msg: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(msg, transfer);
}

function sendFailure(id: number, e: unknown, fallbackCode: string): void {
  if (isHetongError(e))
    send({ kind: 'failed', id, code: e.code, status: e.status, message: e.message, details: e.details });
  else
    send({
      kind: 'failed',
      id,
      code: fallbackCode,
      status: 500,
      message: e instanceof Error ? e.message : String(e),
    });
}

async function compile(msg: CompileMessage): Promise<void> {
  try {
    const compiled = await compileToJson(msg);
    send({ kind: 'compiled', id: msg.id, compiled, rss: process.memoryUsage.rss() });
  } catch (e) {
    sendFailure(msg.id, e, 'INTERNAL');
  }
}

port.on('message', (msg: ToWorker) => {
  if (msg.kind === 'crash') process.exit(70);
  if (msg.kind === 'compile') {
    void compile(msg);
    return;
  }
  let entry = programs.get(msg.programId);
  if (entry === undefined && msg.program !== undefined) {
    entry = { program: msg.program, modules: msg.modules ?? {}, assets: msg.assets ?? {} };
    programs.set(msg.programId, entry);
    if (programs.size > MAX_PROGRAMS) programs.delete(programs.keys().next().value!);
  }
  if (entry === undefined) {
    send({
      kind: 'failed',
      id: msg.id,
      code: 'RENDER_FAILED',
      status: 500,
      message: `program ${msg.programId} not loaded in worker`,
    });
    return;
  }
  try {
    const req = {
      programId: msg.programId,
      program: entry.program,
      modules: entry.modules,
      assets: entry.assets,
      data: msg.data,
      format: msg.format === 'png' ? ('svg' as const) : msg.format,
    };
    let result: RunResult = runner.run({
      ...req,
      ...(msg.theme !== undefined ? { theme: msg.theme } : {}),
      ...(msg.shadows !== undefined ? { shadows: msg.shadows } : {}),
    });
    if (msg.format === 'png') {
      const { width, pages } = msg.png ?? { width: 800 };
      result = { pngs: svgToPngs(result.svg!, width, pages), pageCount: result.pageCount };
    }
    const transfer = [result.pdf, ...(result.pngs ?? [])].flatMap((b) =>
      b ? [b.buffer as ArrayBuffer] : [],
    );
    send({ kind: 'done', id: msg.id, result, rss: process.memoryUsage.rss() }, transfer);
  } catch (e) {
    sendFailure(msg.id, e, 'RENDER_FAILED');
  }
});

send({ kind: 'ready' });
