/** The `--delimiters "START END"` option of the template commands (e.g. "{{ }}" or "${ }"). */
import { HetongError } from '../../shared/errors.js';

export function parseDelimiters(
  value: string | undefined,
  usage: string,
): { start: string; end: string } | undefined {
  if (value === undefined) return undefined;
  const [start, end, ...rest] = value.trim().split(/\s+/);
  if (start === undefined || end === undefined || rest.length > 0)
    throw new HetongError('CLI_USAGE', 2, `--delimiters needs "START END", e.g. "{{ }}"\n${usage}`);
  return { start, end };
}
