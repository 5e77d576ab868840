import { inflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { addImage, addImageForm, decodeSeal } from './appearance.js';
import { PdfFile } from '../pdf/file.js';
import { IncrementalUpdate } from '../pdf/incremental.js';
import { PdfStream } from '../pdf/objects.js';
import { makePdf, makeSealPng } from './testing/fixtures.js';

describe('seal appearance', () => {
  it('splits RGBA into deflated RGB samples and an alpha soft mask', () => {
    const seal = decodeSeal(makeSealPng(40));
    expect([seal.width, seal.height]).toEqual([40, 40]);
    const rgb = inflateSync(seal.rgb);
    const alpha = inflateSync(seal.alpha!);
    expect(rgb.length).toBe(40 * 40 * 3);
    expect(alpha.length).toBe(40 * 40);
    expect(alpha[0]).toBe(0); // corner is transparent
    expect(alpha[20 * 40 + 20]).toBe(255); // centre dot is opaque
    expect([...rgb.subarray(0, 3)]).toEqual([220, 20, 30]);
  });

  it('omits the soft mask for an opaque PNG and refuses a non-PNG', () => {
    const png = new PNG({ width: 2, height: 2 });
    png.data.fill(255);
    expect(decodeSeal(PNG.sync.write(png)).alpha).toBeUndefined();
    expect(() => decodeSeal(Buffer.from('GIF89a'))).toThrow(
      expect.objectContaining({ code: 'SIGN_SEAL_IMAGE_INVALID' }),
    );
  });

  it('writes an Image XObject with /SMask and a form that centres the image at its own size', async () => {
    const file = PdfFile.open(await makePdf(1));
    const update = new IncrementalUpdate(file);
    const image = addImage(update, decodeSeal(makeSealPng(40)));
    const form = addImageForm(update, image, 100, 80, { x: 20, y: 10, width: 60, height: 60 });
    const out = PdfFile.open(update.build().bytes);
    const img = out.getObject(image.num) as PdfStream;
    expect(img.dict.name('Subtype')).toBe('Image');
    expect(out.resolve(img.dict.get('SMask'))).toBeInstanceOf(PdfStream);
    const f = out.getObject(form.num) as PdfStream;
    expect(f.dict.get('BBox')).toEqual([0, 0, 100, 80]);
    expect(Buffer.from(f.raw).toString()).toBe('q 60 0 0 60 20 10 cm /Im0 Do Q');
  });
});
