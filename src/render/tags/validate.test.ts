import { describe, expect, it } from 'vitest';
import { HetongError } from '../../shared/errors.js';
import { applyTags, assertDataValid, validateData, type FieldSpec } from './index.js';
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

  it('refuses non-objects, loops that are not arrays, bad images and huge HTML', () => {
    expect(validateData(fields, [1])).toEqual([
      { path: '', message: 'contract data must be a JSON object', expected: 'an object' },
    ]);
    const problems = validateData(fields, {
      ...good,
      items: 'abc',
      seal: b64(new Uint8Array([1, 2, 3, 4])),
      clause: 'x'.repeat(300_000),
    });
    expect(problems.map((p) => p.path)).toEqual(['items', 'seal', 'clause']);
    expect(problems[1]!.message).toBe('not a PNG or JPEG image');
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
      // hasGuarantor is a "loop" by the heuristic (its inner field is used nowhere else), and a
      // missing loop is reported: a template's repeating part must be given explicitly.
      const problems = ((e as HetongError).details as { problems: { path: string }[] }).problems;
      expect(problems.map((p) => p.path)).toEqual([
        'contractNo',
        'partyA.name',
        'items',
        'hasGuarantor',
        'seal',
        'clause',
      ]);
    }
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
