/** Linux /proc readings shared by the benchmarks (proc(5)). */
import { readFileSync, writeFileSync } from 'node:fs';

/** /proc/PID/status: the resident set now (VmRSS) and its peak since the last reset (VmHWM), in bytes. */
export function memory(pid: number | 'self'): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** clear_refs: writing 5 resets the peak resident set size (VmHWM) to the current RSS. */
export function resetPeak(pid: number | 'self'): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}
