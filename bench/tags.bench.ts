/**
 * Tags section: the JS side of the template engine on the standard contract — applyTags (once per
 * template version), validateData and expandDocument (per contract), the HTML preview, and an
 * HTML fragment conversion.
 */
import { readFileSync } from 'node:fs';
import { parseDocx } from '../src/render/docx/index.js';
import { htmlToBlocks } from '../src/render/fragment/index.js';
import { renderHtmlPreview } from '../src/render/html/index.js';
import { applyTags, expandDocument, validateData } from '../src/render/tags/index.js';
import { printTable, timeSerial, type LatencySummary } from './stats.js';

const DOCX = new URL('../../shared/bench/standard-contract.docx', import.meta.url);
const DATA = new URL('../../shared/bench/standard-contract.data.json', import.meta.url);

export async function run(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  const n = quick ? 300 : 3000;
  const parsed = parseDocx(new Uint8Array(readFileSync(DOCX)));
  const datasets = JSON.parse(readFileSync(DATA, 'utf8')) as unknown[];
  const template = applyTags(parsed);
  const expanded = expandDocument(template.doc, datasets[0]);
  const clause =
    '<p>第一条 <b>服务内容</b>：<span style="color:#c00">以附件为准</span>。</p><ul><li>需求调研</li><li>系统开发<ol><li>前端</li><li>后端</li></ol></li></ul>' +
    '<table border="1"><tr><th colspan="2">项目</th></tr><tr><td rowspan="2">A</td><td>1</td></tr><tr><td>2</td></tr></table>';
  const base = { paragraph: parsed.defaultParagraphProps, run: parsed.defaultRunProps };
  let i = 0;
  const rows: LatencySummary[] = [
    await timeSerial('applyTags (per template version)', quick ? 100 : 1000, () => applyTags(parsed)),
    await timeSerial('validateData', n, () => validateData(template.fields, datasets[i++ % datasets.length])),
    await timeSerial('expandDocument', n, () =>
      expandDocument(template.doc, datasets[i++ % datasets.length]),
    ),
    await timeSerial('renderHtmlPreview (light)', quick ? 100 : 1000, () =>
      renderHtmlPreview(expanded, { theme: 'light' }),
    ),
    await timeSerial('htmlToBlocks (clause with list and table)', n, () => htmlToBlocks(clause, base)),
  ];
  printTable('tags — standard contract (ms)', rows);
}
