/**
 * Seal images for tests and the abuse bench (issue #14: a 69 KB 4096×3900 PNG whose decoding
 * stalled the server), made in memory so each test shows the input it guards against.
 */
import { crc32, deflateSync } from 'node:zlib';

/** A white RGB PNG (ISO 15948) with a red square in the middle, built with zlib in well under a second. */
export function whitePngWithInk(width: number, height: number): Buffer {
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
