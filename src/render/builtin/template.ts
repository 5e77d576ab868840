/**
 * Built-in templates: documents Hetong writes itself (the authorization letter, the evidence
 * report) are Word packages made in memory from body XML written in our code, compiled by the same
 * compiler as uploaded templates and rendered with data by the same engine and worker pool — so
 * they are "made by our own engine from a built-in template", with the tags syntax of uploaded
 * templates (loops over table rows for lists).
 *
 * The package: A4 portrait, 23 mm side margins; Noto Serif SC body text and Noto Sans SC headings
 * (the names the font mapping gives our shipped fonts, src/render/fonts/mapping.ts); styles Title,
 * Heading1, Heading2 and the table style HetongTable (./wml.ts writes bodies that use them); a
 * centred "第 X 页 共 Y 页" footer.
 */
import { createHash } from 'node:crypto';
import { buildDocx } from '../docx/write.js';
import type { RenderedPdf, RenderEngine } from '../engine.js';
import type { CompiledTemplate } from '../typst/compiled.js';

const SERIF = 'Noto Serif SC';
const SANS = 'Noto Sans SC';
const fonts = (f: string) => `<w:rFonts w:ascii="${f}" w:hAnsi="${f}" w:eastAsia="${f}" w:cs="${f}"/>`;
const rule = (side: string, color = 'A6A6A6') =>
  `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="${color}"/>`;

// ECMA-376 Part 1 §17.7: document defaults, paragraph styles, the table style with a shaded
// header row (tblStylePr firstRow) and a shaded label column (firstCol).
const STYLES =
  `<w:docDefaults><w:rPrDefault><w:rPr>${fonts(SERIF)}<w:sz w:val="21"/><w:lang w:val="zh-CN" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>` +
  '<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="312" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>' +
  '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>' +
  '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>' +
  '<w:pPr><w:keepNext/><w:spacing w:before="120" w:after="360"/><w:jc w:val="center"/></w:pPr>' +
  `<w:rPr>${fonts(SANS)}<w:b/><w:sz w:val="36"/></w:rPr></w:style>` +
  '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>' +
  '<w:pPr><w:keepNext/><w:spacing w:before="300" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr>' +
  `<w:rPr>${fonts(SANS)}<w:b/><w:sz w:val="28"/></w:rPr></w:style>` +
  '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>' +
  '<w:pPr><w:keepNext/><w:spacing w:before="200" w:after="100"/><w:outlineLvl w:val="1"/></w:pPr>' +
  `<w:rPr>${fonts(SANS)}<w:b/><w:sz w:val="24"/></w:rPr></w:style>` +
  '<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/>' +
  '<w:pPr><w:spacing w:after="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:color w:val="7F7F7F"/><w:sz w:val="18"/></w:rPr></w:style>' +
  '<w:style w:type="table" w:styleId="HetongTable"><w:name w:val="Hetong Table"/>' +
  '<w:pPr><w:spacing w:after="0" w:line="276" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="19"/></w:rPr>' +
  `<w:tblPr><w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((s) => rule(s)).join('')}</w:tblBorders>` +
  '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="100" w:type="dxa"/><w:bottom w:w="57" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar></w:tblPr>' +
  `<w:tblStylePr w:type="firstRow"><w:rPr>${fonts(SANS)}<w:b/></w:rPr><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="EDEFF2"/></w:tcPr></w:tblStylePr>` +
  `<w:tblStylePr w:type="firstCol"><w:rPr>${fonts(SANS)}</w:rPr><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="F5F6F8"/></w:tcPr></w:tblStylePr>` +
  '</w:style>';

const fieldRuns = (instr: string) =>
  '<w:r><w:fldChar w:fldCharType="begin"/></w:r>' +
  `<w:r><w:instrText xml:space="preserve"> ${instr} </w:instrText></w:r>` +
  '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>';
const text = (t: string) => `<w:r><w:t xml:space="preserve">${t}</w:t></w:r>`;
const FOOTER =
  `<w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>${text('第 ')}${fieldRuns('PAGE')}` +
  `${text(' 页 共 ')}${fieldRuns('NUMPAGES')}${text(' 页')}</w:p>`;

// A4 (210 × 297 mm), 23 mm left/right, 25 mm top/bottom margins.
const SECT_PR =
  '<w:sectPr><w:footerReference w:type="default" r:id="rIdFtrDefault"/><w:pgSz w:w="11906" w:h="16838"/>' +
  '<w:pgMar w:top="1418" w:right="1304" w:bottom="1418" w:left="1304" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr>';

/**
 * The .docx package of a built-in template: `bodyXml` is the inner XML of w:body (write it with
 * ./wml.ts), without a w:sectPr. `name` (lower-case words joined by '-') names the template in the
 * compile cache and in errors.
 */
export function builtinTemplate(name: string, bodyXml: string): Uint8Array {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`built-in template name ${JSON.stringify(name)}`);
  return buildDocx({ body: bodyXml, styles: STYLES, footers: { default: FOOTER }, sectPr: SECT_PR });
}

interface CacheEntry {
  bodySha256: string;
  compiled: Promise<CompiledTemplate>;
}

/** Compiled built-in templates by name, for the life of the process (they are few and small). */
const compiledByName = new Map<string, CacheEntry>();

/**
 * The compiled program of a built-in template, compiled once per name in a worker of `engine`'s
 * pool. The same name with another body (a code change in a running test suite) compiles again.
 */
export function compiledBuiltin(
  engine: RenderEngine,
  name: string,
  bodyXml: string,
): Promise<CompiledTemplate> {
  const bodySha256 = createHash('sha256').update(bodyXml).digest('hex');
  const hit = compiledByName.get(name);
  if (hit && hit.bodySha256 === bodySha256) return hit.compiled;
  const compiled = engine.compileTemplate(builtinTemplate(name, bodyXml));
  compiledByName.set(name, { bodySha256, compiled });
  // A failed compile is not cached: the next call tries again and reports its own error.
  compiled.catch(() => {
    if (compiledByName.get(name)?.compiled === compiled) compiledByName.delete(name);
  });
  return compiled;
}

/**
 * Renders a built-in template with `data` (validated like contract data: CONTRACT_DATA_INVALID
 * lists every problem) into a PDF, through the engine's worker pool.
 */
export async function renderBuiltin(
  engine: RenderEngine,
  name: string,
  bodyXml: string,
  data: Record<string, unknown>,
): Promise<RenderedPdf> {
  return engine.renderPdf(await compiledBuiltin(engine, name, bodyXml), data);
}
