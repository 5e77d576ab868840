import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makePdf, makeSealPng } from '../../signing/testing/fixtures.js';
import { parseSubject, run as sign } from './sign.js';
import { run as verify } from './verify.js';

const dir = mkdtempSync(join(tmpdir(), 'hetong-cli-sign-'));
const saved = process.env.HETONG_DATA_DIR;

beforeAll(async () => {
  process.env.HETONG_DATA_DIR = join(dir, 'data');
  writeFileSync(join(dir, 'in.pdf'), await makePdf(2));
  writeFileSync(join(dir, 'seal.png'), makeSealPng());
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterAll(() => {
  if (saved === undefined) delete process.env.HETONG_DATA_DIR;
  else process.env.HETONG_DATA_DIR = saved;
  vi.restoreAllMocks();
});

describe('hetong sign / verify', () => {
  it('parses --subject with typed and untyped ids', () => {
    expect(parseSubject('name=示例贸易有限公司,kind=organization,id=USCC:91310000MA1FL0000X')).toEqual({
      kind: 'organisation',
      name: '示例贸易有限公司',
      idType: 'USCC',
      idNumber: '91310000MA1FL0000X',
    });
    expect(parseSubject('name=Zhang, San,kind=person,id=1101')).toMatchObject({
      kind: 'person',
      name: 'Zhang, San',
      idType: 'ID_CARD',
    });
    expect(() => parseSubject('name=x')).toThrow(/--subject/);
  });

  it('signs twice with the built-in CA (one by keyword, with LTV) and verifies with exit code 0; a tampered file exits 1', async () => {
    const subject = ['--subject', 'name=Example Trading Co Ltd,kind=organization,id=91310000MA1FL0000X'];
    expect(
      await sign([
        join(dir, 'in.pdf'),
        '-o',
        join(dir, 'one.pdf'),
        ...subject,
        '--seal',
        join(dir, 'seal.png'),
        '--page',
        '1',
        '--x',
        '300',
        '--y',
        '100',
        '--algorithm',
        'ec',
      ]),
    ).toBe(0);
    const person = ['--subject', 'name=Zhang San,kind=person,id=110101199001011234'];
    expect(
      await sign([
        join(dir, 'one.pdf'),
        '-o',
        join(dir, 'two.pdf'),
        ...person,
        '--seal',
        join(dir, 'seal.png'),
        '--keyword',
        'Party A (seal)',
        '--width',
        '60',
        '--height',
        '60',
        '--ltv',
      ]),
    ).toBe(0);
    expect(await verify([join(dir, 'two.pdf')])).toBe(0);
    expect(await verify([join(dir, 'two.pdf'), '--json'])).toBe(0);
    const bytes = readFileSync(join(dir, 'two.pdf'));
    bytes[100] = bytes[100]! ^ 1;
    writeFileSync(join(dir, 'bad.pdf'), bytes);
    expect(await verify([join(dir, 'bad.pdf')])).toBe(1);
  }, 60_000);
});
