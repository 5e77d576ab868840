import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDocx, p } from '../../render/docx/testing/build-docx.js';
import { STANDARD_DATA, STANDARD_DOCX } from '../../../test/shared-bench.js';

// The real command, as an operator runs it: a child process through bin/hetong.js.
const bin = new URL('../../../bin/hetong.js', import.meta.url).pathname;
const hetong = (args: string[]) => execFileSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

describe('hetong render / template inspect', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hetong-cli-render-'));

  it('renders the standard contract to PDF, PNG pages and HTML (dark)', () => {
    const data = join(dir, 'data.json');
    // The bench file holds three data objects; the CLI takes an array and --item picks one.
    writeFileSync(data, readFileSync(STANDARD_DATA));
    const pdf = join(dir, 'out.pdf');
    const png = join(dir, 'png');
    const html = join(dir, 'out.html');
    hetong(['render', STANDARD_DOCX, data, '--item', '1', '-o', pdf, '--png', png, '--width', '400']);
    const item = (
      JSON.parse(readFileSync(STANDARD_DATA, 'utf8')) as { partyA: string; contractNo: string }[]
    )[1]!;
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain(item.partyA);
    expect(text).toContain(item.contractNo);
    expect(text).toMatch(/第\s*1\s*页\s*共\s*3\s*页/);
    const pages = readdirSync(png).filter((f) => f.endsWith('.png'));
    expect(pages).toHaveLength(3);
    expect(readFileSync(join(png, pages[0]!)).subarray(1, 4).toString()).toBe('PNG');

    hetong(['render', STANDARD_DOCX, data, '--item', '1', '--html', html, '--dark']);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<html');
    expect(page).toContain(item.partyA.slice(0, 4));
  });

  it('takes other tag delimiters (--delimiters "{{ }}") for render and inspect', () => {
    const fixtures = new URL('../../../test/fixtures/docx/', import.meta.url).pathname;
    const docx = join(fixtures, '11-writer-features.docx');
    const out = JSON.parse(hetong(['template', 'inspect', docx, '--delimiters', '{{ }}'])) as {
      fields: { name: string }[];
    };
    expect(out.fields.map((f) => f.name)).toContain('contractNo');
    const pdf = join(dir, 'delimiters.pdf');
    hetong([
      'render',
      docx,
      join(fixtures, '11-writer-features.data.json'),
      '--delimiters',
      '{{ }}',
      '-o',
      pdf,
    ]);
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('DS-2026-0042');
    expect(text).not.toMatch(/[{}]/);
  });

  it('prints the field analysis of a template as JSON', () => {
    const out = JSON.parse(hetong(['template', 'inspect', STANDARD_DOCX])) as {
      fields: { name: string; kind: string; fields?: { name: string }[] }[];
    };
    const items = out.fields.find((f) => f.name === 'items');
    expect(items?.kind).toBe('loop');
    expect(items?.fields?.map((f) => f.name).sort()).toEqual([
      'idx',
      'name',
      'price',
      'qty',
      'spec',
      'total',
    ]);
    expect(out.fields.find((f) => f.name === 'partyA')?.kind).toBe('text');
  });

  it('exits non-zero with a clear message on a file that is not a .docx', () => {
    const bad = join(dir, 'bad.docx');
    writeFileSync(bad, 'not a zip');
    let stderr = '';
    try {
      execFileSync(process.execPath, [bin, 'template', 'inspect', bad], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      stderr = String((e as { stderr: string }).stderr);
    }
    expect(stderr).toContain('TEMPLATE_INVALID_DOCX');
    expect(existsSync(join(dir, 'nothing.pdf'))).toBe(false);
  });

  it('--missing empty shows a missing value empty with a warning; the default refuses it', () => {
    const docx = join(dir, 'missing.docx');
    writeFileSync(docx, buildDocx({ body: p('甲方：{partyA}。乙方：{partyB}。') }));
    const data = join(dir, 'missing.json');
    writeFileSync(data, JSON.stringify({ partyA: '上海浦江' }));
    const pdf = join(dir, 'missing.pdf');
    const refused = spawnSync(process.execPath, [bin, 'render', docx, data, '-o', pdf], { encoding: 'utf8' });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('CONTRACT_DATA_INVALID');
    expect(existsSync(pdf)).toBe(false);

    const run = spawnSync(process.execPath, [bin, 'render', docx, data, '--missing', 'empty', '-o', pdf], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/warning VALUE_MISSING: partyB is missing/);
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    expect(text.replace(/\s+/g, '')).toContain('甲方：上海浦江。乙方：。');

    const bad = spawnSync(process.execPath, [bin, 'render', docx, data, '--missing', 'blank', '-o', pdf], {
      encoding: 'utf8',
    });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('--missing');
  });
});
