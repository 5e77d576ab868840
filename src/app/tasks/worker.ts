/**
 * A task worker: runs one task of its table at a time and answers with the output or the
 * HetongError it threw (code, status, message, details survive the thread boundary).
 */
import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { isHetongError } from '../../shared/errors.js';
import type { FromTaskWorker, TaskMessage, TaskTable, TaskWorkerInit } from './protocol.js';

const init = workerData as TaskWorkerInit;
const port = parentPort!;
// Only ever lower the priority: a service started at nice 15 keeps its workers at 15 (and one run
// as root does not raise them above the process's own).
if (init.nice > getPriority(0)) {
  try {
    // Pid 0 is the calling thread on Linux (setpriority(2), NOTES): this worker only.
    setPriority(0, init.nice);
  } catch {
    // A system that refuses leaves the worker at the process's priority: slower to yield, not wrong.
  }
}
const { TASKS } = (await import(init.tasksModule)) as { TASKS: TaskTable };

function send(msg: FromTaskWorker): void {
  port.postMessage(msg);
}

port.on('message', (msg: TaskMessage) => {
  void (async () => {
    try {
      const task = TASKS[msg.task];
      if (task === undefined) throw new Error(`no task ${msg.task}`);
      send({ kind: 'done', id: msg.id, output: await task(msg.input) });
    } catch (e) {
      if (isHetongError(e))
        send({
          kind: 'failed',
          id: msg.id,
          code: e.code,
          status: e.status,
          message: e.message,
          details: e.details,
        });
      else
        send({
          kind: 'failed',
          id: msg.id,
          code: 'INTERNAL',
          status: 500,
          message: e instanceof Error ? e.message : String(e),
        });
    }
  })();
});

send({ kind: 'ready' });
