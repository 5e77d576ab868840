import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isHetongError } from '../shared/errors.js';
import { boundaryOf, buildMultipart, parseMultipart } from './multipart.js';

describe('multipart/form-data', () => {
  it('round-trips fields and files of any bytes', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/), fc.string({ maxLength: 50 })),
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 3 }),
        (fields, blobs) => {
          const boundary = 'hetongBoundary7MA4YWxk';
          const files = blobs.map((data, i) => ({
            field: `f${i}`,
            filename: `合同${i}.docx`,
            contentType: 'application/octet-stream',
            data,
          }));
          const parsed = parseMultipart(buildMultipart(boundary, fields, files), boundary);
          expect({ ...parsed.fields }).toEqual(fields);
          expect(parsed.files.map((f) => [f.field, f.filename, Buffer.from(f.data).toString('hex')])).toEqual(
            files.map((f) => [f.field, f.filename, Buffer.from(f.data).toString('hex')]),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('reads the boundary parameter, quoted or not', () => {
    expect(boundaryOf('multipart/form-data; boundary=abc')).toBe('abc');
    expect(boundaryOf('multipart/form-data; charset=utf-8; boundary="a b"')).toBe('a b');
  });

  it('refuses truncated bodies with MALFORMED_MULTIPART', () => {
    const body = buildMultipart('xyz', { a: '1' });
    for (const cut of [5, body.length - 10]) {
      const e = (() => {
        try {
          parseMultipart(body.subarray(0, cut), 'xyz');
        } catch (err) {
          return err;
        }
      })();
      expect(isHetongError(e) && e.code).toBe('MALFORMED_MULTIPART');
    }
    expect(() => boundaryOf('multipart/form-data')).toThrow();
  });
});
