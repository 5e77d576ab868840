/**
 * Seal uploads decode in the task pool (issue #14: eight parallel uploads of a 69 KB 4096×3900
 * PNG stalled the server 7.4 s): while large images are decoded the event loop keeps turning, and
 * an image past the pixel limits is refused from its header with SEAL_IMAGE_TOO_LARGE (413).
 */
import { crc32, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HetongClient } from '../../client/index.js';
import { buildMultipart } from '../multipart.js';
import { createTestApp, type TestApp } from '../testing.js';

/** A white RGB PNG (ISO 15948) with a red square in the middle, built with zlib in well under a second. */
function whitePngWithInk(width: number, height: number): Buffer {
  const row = 1 + width * 3;
  const raw = Buffer.alloc(row * height, 0xff);
  for (let y = 0; y < height; y++) {
    raw[y * row] = 0; // filter: none
    if (Math.abs(y - height / 2) < 100)
      for (let x = Math.floor(width / 2) - 100; x < width / 2 + 100; x++) {
        raw[y * row + 1 + x * 3 + 1] = 0;
        raw[y * row + 1 + x * 3 + 2] = 0;
      }
  }
  const chunk = (type: string, data: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const subject = JSON.stringify({
  kind: 'organization',
  idType: 'USCC',
  id: '91330100MA2XXXXX0Q',
  name: '杭州合同科技有限公司',
});

describe('seal uploads in the task pool', () => {
  let t: TestApp;
  let client: HetongClient;
  const upload = (png: Buffer) => {
    const boundary = 'b0undary' + Math.random().toString(36).slice(2);
    const body = buildMultipart(boundary, { subject, removeBackground: 'true' }, [
      { field: 'file', filename: 'seal.png', contentType: 'image/png', data: png },
    ]);
    return client.raw('POST', '/api/v1/seals/upload', {
      body: new Uint8Array(body),
      contentType: `multipart/form-data; boundary=${boundary}`,
    });
  };

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    client = (await t.newLine('Seal line')).client;
  });
  afterAll(() => t.dispose());

  it('decodes four parallel 4096×3900 uploads off the event loop', async () => {
    const png = whitePngWithInk(4096, 3900);
    expect(png.length).toBeLessThan(200 * 1024);
    const uploads = [1, 2, 3, 4].map(() => upload(png));
    const lags: number[] = [];
    let done = false;
    void Promise.all(uploads).then(() => (done = true));
    while (!done) {
      const t0 = performance.now();
      await new Promise((r) => setImmediate(r));
      lags.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 5));
    }
    for (const res of await Promise.all(uploads)) {
      expect(res.status).toBe(201);
      // White paper removed and trimmed to the red square (with its margin).
      const seal = JSON.parse(res.body.toString()) as { kind: string; widthMm: number; heightMm: number };
      expect(seal.kind).toBe('uploaded');
      expect(seal.heightMm).toBeCloseTo(seal.widthMm, 0);
    }
    expect(Math.max(...lags)).toBeLessThan(250);
  }, 120_000);

  it('refuses an image past the pixel limits from its header: 413 SEAL_IMAGE_TOO_LARGE', async () => {
    for (const [w, h] of [
      [4097, 16],
      [4000, 4096],
    ] as const) {
      const t0 = performance.now();
      const res = await upload(whitePngWithInk(w, h));
      const body = JSON.parse(res.body.toString()) as {
        error: { code: string; details: { maxPixels: number } };
      };
      expect([res.status, body.error.code]).toEqual([413, 'SEAL_IMAGE_TOO_LARGE']);
      expect(body.error.details.maxPixels).toBe(16_000_000);
      expect(performance.now() - t0).toBeLessThan(2_000);
    }
  });
});
