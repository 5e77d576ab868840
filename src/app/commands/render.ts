/**
 * `hetong render TEMPLATE.docx DATA.json -o OUT.pdf [--png DIR] [--width N] [--html OUT.html]
 * [--dark] [--engine typst|libreoffice] [--item N] [--delimiters "START END"] [--missing error|empty]`:
 * one contract from a Word template and its data. A missing value is an error unless `--missing
 * empty` (then it is shown empty and reported as a warning on stderr).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { HetongError } from '../../shared/errors.js';
import { parseDelimiters } from './delimiters.js';

const USAGE =
  'usage: hetong render TEMPLATE.docx DATA.json -o OUT.pdf [--png DIR] [--width N] [--html OUT.html] [--dark] [--engine typst|libreoffice] [--item N] [--delimiters "START END"] [--missing error|empty]';

function usage(message: string): never {
  throw new HetongError('CLI_USAGE', 2, `${message}\n${USAGE}`);
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (e) {
    throw new HetongError(
      'CLI_DATA_INVALID',
      2,
      `cannot read JSON data from ${path}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      out: { type: 'string', short: 'o' },
      png: { type: 'string' },
      width: { type: 'string' },
      html: { type: 'string' },
      dark: { type: 'boolean' },
      engine: { type: 'string' },
      item: { type: 'string' },
      delimiters: { type: 'string' },
      missing: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [templatePath, dataPath] = positionals;
  if (templatePath === undefined || dataPath === undefined) usage('TEMPLATE.docx and DATA.json are required');
  if (values.out === undefined && values.png === undefined && values.html === undefined)
    usage('give -o OUT.pdf, --png DIR or --html OUT.html');
  const engineName = values.engine ?? 'typst';
  if (engineName !== 'typst' && engineName !== 'libreoffice') usage(`unknown engine '${engineName}'`);
  const width = values.width === undefined ? 1240 : Number(values.width);
  const docx = new Uint8Array(readFileSync(templatePath));
  // A JSON array holds several data objects (like the benchmark's): --item picks one (default 0).
  const json = readJson(dataPath);
  const data = Array.isArray(json) ? (json[Number(values.item ?? 0)] as unknown) : json;
  if (data === undefined) usage(`no item ${values.item} in ${dataPath}`);
  const theme = values.dark ? ('dark' as const) : ('light' as const);
  const delimiters = parseDelimiters(values.delimiters, USAGE);
  const missing = values.missing ?? 'error';
  if (missing !== 'error' && missing !== 'empty') usage(`--missing is 'error' or 'empty', not '${missing}'`);
  const warn = (w: { code: string; message: string; where?: string }) =>
    console.error(`warning ${w.code}: ${w.message}${w.where ? ` (${w.where})` : ''}`);

  if (engineName === 'libreoffice') {
    if (values.out === undefined) usage('--engine libreoffice writes a PDF only (-o OUT.pdf)');
    const lo = await import('../../render/libreoffice/index.js');
    const pdf = await lo.renderWithLibreOffice(docx, data, delimiters ? { delimiters } : {});
    writeFileSync(values.out, pdf);
    console.log(`${values.out}: ${pdf.byteLength} bytes (LibreOffice)`);
    return 0;
  }

  const { compileTemplate, RenderEngine } = await import('../../render/index.js');
  const compiled = await compileTemplate(docx, delimiters ? { delimiters } : {});
  compiled.warnings.forEach(warn);
  const engine = new RenderEngine({ workers: 1 });
  try {
    if (values.out !== undefined) {
      const out = await engine.renderPdf(compiled, data, { theme, missing });
      out.warnings.forEach(warn);
      writeFileSync(values.out, out.pdf);
      console.log(
        `${values.out}: ${out.pageCount} page(s), ${out.pdf.byteLength} bytes, sha256 ${out.sha256}`,
      );
    }
    if (values.png !== undefined) {
      const pngs = await engine.renderPng(compiled, data, { width, theme, missing });
      mkdirSync(values.png, { recursive: true });
      pngs.forEach((png, i) => writeFileSync(join(values.png!, `page-${i + 1}.png`), png));
      console.log(`${values.png}: ${pngs.length} PNG page(s) at ${width} px`);
    }
    if (values.html !== undefined) {
      const html = await engine.renderHtml(compiled, data, { theme, missing });
      writeFileSync(values.html, html);
      console.log(`${values.html}: ${html.length} characters of HTML`);
    }
  } finally {
    await engine.close();
  }
  return 0;
}
