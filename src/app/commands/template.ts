/** `hetong template inspect TEMPLATE.docx [--delimiters "{{ }}"]`: the field analysis as JSON. */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { HetongError } from '../../shared/errors.js';
import { parseDelimiters } from './delimiters.js';

const USAGE = 'usage: hetong template inspect TEMPLATE.docx [--delimiters "START END"]';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { delimiters: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [sub, path] = positionals;
  if (sub !== 'inspect' || path === undefined) throw new HetongError('CLI_USAGE', 2, USAGE);
  const delimiters = parseDelimiters(values.delimiters, USAGE);
  const { compileTemplate } = await import('../../render/index.js');
  const compiled = await compileTemplate(
    new Uint8Array(readFileSync(path)),
    delimiters ? { delimiters } : {},
  );
  console.log(JSON.stringify({ fields: compiled.fields, warnings: compiled.warnings }, null, 2));
  return 0;
}
