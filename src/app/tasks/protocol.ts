/** Messages between the task pool and its worker threads. */

/** A table of tasks: each one synchronous or async, its input and output structured-cloneable. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the table's inputs differ per task
export type TaskTable = Record<string, (input: any) => unknown>;

export interface TaskWorkerInit {
  /** URL of the module whose `TASKS` export is the table this worker runs. */
  tasksModule: string;
  /** The nice value the worker gives its own thread before it takes tasks. */
  nice: number;
}

export interface TaskMessage {
  kind: 'task';
  id: number;
  task: string;
  input: unknown;
}

export type FromTaskWorker =
  | { kind: 'ready' }
  | { kind: 'done'; id: number; output: unknown }
  | { kind: 'failed'; id: number; code: string; status: number; message: string; details?: unknown };
