import { describe, expect, it } from 'vitest';
import { HetongError } from '../../shared/errors.js';
import { applyTags, assertDataValid, checkData, validateData, type FieldSpec } from './index.js';
import { MAX_TEXT_CHARS } from './validate.js';
import { decodeImageValue, imageSizePt, sniffImage } from './images.js';
import { docOf, irBlocks, type SpecBlock } from './testing/ir.js';
import { b64, jpegHeader, pngBytes } from './testing/images.js';

function fieldsOf(spec: SpecBlock[]): FieldSpec[] {
  return applyTags(docOf(irBlocks(spec))).fields;
}

describe('field analysis', () => {
  it('lists each field once with nested sub-fields and kinds', () => {
    const fields = fieldsOf([
      ['{a} {a} {p.q}'],
      { table: [[[['{#items}{idx}']], [['{price}{/items}']]]] },
      ['{#vip}{a}{/vip}{^vip}x{/vip}'],
      ['{#tags}{.}{/tags}'],
      ['{#cond}{guarantor}{/cond}'],
      ['{%seal}'],
      ['{~~clause}'],
    ]);
    expect(fields.map((f) => [f.name, f.kind])).toEqual([
      ['a', 'text'],
      ['p.q', 'text'],
      ['items', 'loop'],
      ['vip', 'condition'],
      ['tags', 'loop'],
      ['cond', 'loop'],
      ['seal', 'image'],
      ['clause', 'html'],
    ]);
    expect(fields[0]!.where).toEqual(['body paragraph 1']);
    expect(fields[2]!.fields!.map((f) => f.name)).toEqual(['idx', 'price']);
    expect(fields[2]!.where).toEqual(['table 1 row 1 cell 1']);
  });
});

describe('validateData', () => {
  const png = pngBytes(8, 4);
  const fields = fieldsOf([
    ['{contractNo} {partyA.name}'],
    { table: [[[['{#items}{idx}']], [['{price}{/items}']]]] },
    ['{#hasGuarantor}{guarantor}{/hasGuarantor}'],
    ['{%seal}'],
    ['{~~clause}'],
  ]);
  const good = {
    contractNo: 'HT-1',
    partyA: { name: '甲' },
    items: [{ idx: 1, price: '10' }],
    hasGuarantor: false,
    seal: b64(png),
    clause: '<p>x</p>',
  };

  it('accepts fitting data, including outer-scope lookups and a boolean for a loop-looking condition', () => {
    expect(validateData(fields, good)).toEqual([]);
    expect(validateData(fields, { ...good, hasGuarantor: true, guarantor: '丙' })).toEqual([]);
    expect(validateData(fields, { ...good, items: [{ idx: 1 }], price: 'shared' })).toEqual([]);
    expect(
      validateData(fields, { ...good, seal: { data: `data:image/png;base64,${b64(png)}`, width: 120 } }),
    ).toEqual([]);
  });

  it('lists every problem at once with data paths', () => {
    const problems = validateData(fields, {
      partyA: { name: { first: 'x' } },
      items: [{ idx: 1, price: '1' }, { idx: 2 }, { price: '3' }],
      hasGuarantor: true,
      seal: 'data:image/gif;base64,R0lGODlh',
      clause: 42,
    });
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'contractNo: missing',
      'partyA.name: is an object or array, not text',
      'items[1].price: missing',
      'items[2].idx: missing',
      'guarantor: missing',
      'seal: image type image/gif is not PNG or JPEG',
      'clause: is not a string',
    ]);
    expect(problems[0]!.expected).toBe('a string or number');
  });

  it('refuses non-objects, bad images and huge HTML; a string for a loop shows it once in the same scope', () => {
    expect(validateData(fields, [1])).toEqual([
      { path: '', message: 'contract data must be a JSON object', expected: 'an object' },
    ]);
    const problems = validateData(fields, {
      ...good,
      items: 'abc',
      seal: b64(new Uint8Array([1, 2, 3, 4])),
      clause: 'x'.repeat(300_000),
    });
    // docxtemplater: a truthy non-list value shows the section once in the same scope, where
    // {idx} and {price} are not found.
    expect(problems.map((p) => p.path)).toEqual(['idx', 'price', 'seal', 'clause']);
    expect(problems[2]!.message).toBe('not a PNG or JPEG image');
  });

  it('refuses a plain value longer than MAX_TEXT_CHARS', () => {
    const at = validateData(fields, { ...good, contractNo: 'x'.repeat(MAX_TEXT_CHARS) });
    expect(at).toEqual([]);
    const over = validateData(fields, { ...good, contractNo: 'x'.repeat(MAX_TEXT_CHARS + 1) });
    expect(over).toContainEqual({
      path: 'contractNo',
      message: `text longer than ${MAX_TEXT_CHARS} characters`,
      expected: 'a string or number',
    });
  });

  it('assertDataValid throws CONTRACT_DATA_INVALID with the problems', () => {
    expect(() => assertDataValid(fields, good)).not.toThrow();
    try {
      assertDataValid(fields, {});
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(HetongError);
      expect((e as HetongError).code).toBe('CONTRACT_DATA_INVALID');
      expect((e as HetongError).status).toBe(422);
      // A missing section (`items`, `hasGuarantor`) shows nothing and is no problem; missing
      // plain values are.
      const problems = ((e as HetongError).details as { problems: { path: string }[] }).problems;
      expect(problems.map((p) => p.path)).toEqual(['contractNo', 'partyA.name', 'seal', 'clause']);
    }
  });
});

describe("docxtemplater's section rules", () => {
  const fields = fieldsOf([
    ['{#items}{name}{/items}'],
    ['{#party}{name}{/party}'],
    ['{#flag}{note}{/flag}'],
    ['{^items}none{/items}'],
  ]);

  it('a missing, null, false, 0, "" or empty-list section shows nothing and asks for nothing', () => {
    for (const v of [undefined, null, false, 0, '', []]) {
      const data = { items: v, party: v, flag: v };
      expect(validateData(fields, data), JSON.stringify(v)).toEqual([]);
    }
  });

  it('an object is the scope of its section; a truthy scalar shows it once in the same scope', () => {
    expect(validateData(fields, { party: { name: 'A' }, flag: 'yes', note: 'n' })).toEqual([]);
    expect(validateData(fields, { party: { other: 1 }, flag: 1 }).map((p) => p.path)).toEqual([
      'party.name',
      'note',
    ]);
  });

  it('a name missing (or null) in the inner scope is looked up in the enclosing ones', () => {
    expect(validateData(fields, { items: [{ name: null }, {}], name: 'outer' })).toEqual([]);
    expect(validateData(fields, { items: [{ name: 'x' }, {}] }).map((p) => p.path)).toEqual([
      'items[1].name',
    ]);
  });
});

describe('the missing policy', () => {
  const fields = fieldsOf([['{a} {b.c}'], ['{#items}{name}{/items}'], ['{%seal}'], ['{~clause}']]);

  it("'error' (the default) refuses missing plain values; 'empty' shows them empty with warnings", () => {
    const data = { items: [{}] };
    expect(checkData(fields, data).problems.map((p) => p.path)).toEqual([
      'a',
      'b.c',
      'items[0].name',
      'seal',
      'clause',
    ]);
    const empty = checkData(fields, data, 'empty');
    expect(empty.problems).toEqual([]);
    expect(empty.warnings.map((w) => w.code)).toEqual(Array(5).fill('VALUE_MISSING'));
    expect(empty.warnings[2]).toMatchObject({
      message: expect.stringContaining('items[0].name is missing') as string,
      where: 'body paragraph 2',
    });
    expect(assertDataValid(fields, data, 'empty')).toHaveLength(5);
  });

  it("'empty' still refuses values of the wrong type", () => {
    const { problems } = checkData(fields, { a: { x: 1 }, b: { c: 'ok' }, clause: 5 }, 'empty');
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'a: is an object or array, not text',
      'clause: is not a string',
    ]);
  });
});

describe('images', () => {
  it('sniffs PNG and JPEG sizes from their headers', () => {
    expect(sniffImage(pngBytes(30, 20))).toEqual({
      contentType: 'image/png',
      pixelWidth: 30,
      pixelHeight: 20,
    });
    expect(sniffImage(jpegHeader(640, 480))).toEqual({
      contentType: 'image/jpeg',
      pixelWidth: 640,
      pixelHeight: 480,
    });
    expect(sniffImage(new TextEncoder().encode('GIF89a......'))).toBeUndefined();
  });

  it('refuses images too large in pixels and bad sizes', () => {
    expect(decodeImageValue(b64(jpegHeader(20_000, 10)))).toMatch(/exceeds/);
    expect(decodeImageValue({ data: b64(pngBytes(2, 2)), width: -1 })).toMatch(/width and height/);
    expect(decodeImageValue(12)).toMatch(/expected/);
  });

  it('sizes images at 96 dpi, keeps the aspect ratio, caps to the text width', () => {
    const part = {
      contentType: 'image/png' as const,
      bytes: new Uint8Array(),
      pixelWidth: 200,
      pixelHeight: 100,
    };
    expect(imageSizePt({ part }, 1000)).toEqual({ width: 150, height: 75 });
    expect(imageSizePt({ part, height: 50 }, 1000)).toEqual({ width: 75, height: 37.5 });
    expect(imageSizePt({ part, width: 2000 }, 300)).toEqual({ width: 300, height: 150 });
  });
});
