import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalString, computeSignature, signatureMatches, type SignatureInput } from './signature.js';

const input = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE'),
  pathWithQuery: fc.stringMatching(/^\/api\/v1\/[a-z-]{1,20}(\?[a-z]=[0-9]{1,3})?$/),
  timestamp: fc.integer({ min: 1_600_000_000_000, max: 2_000_000_000_000 }).map(String),
  nonce: fc.stringMatching(/^[A-Za-z0-9_-]{8,40}$/),
  body: fc.uint8Array({ maxLength: 200 }),
});

describe('request signature', () => {
  it('follows the DESIGN.md canonical form', () => {
    const s = canonicalString({
      method: 'post',
      pathWithQuery: '/api/v1/x?a=1',
      timestamp: '1700000000000',
      nonce: 'abcdefgh',
      body: Buffer.from('{}'),
    });
    // SHA-256("{}") = 44136fa3…
    expect(s).toBe(
      'POST\n/api/v1/x?a=1\n1700000000000\nabcdefgh\n44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
    );
  });

  it('verifies its own signatures and refuses any change to any part', () => {
    fc.assert(
      fc.property(
        input,
        fc.string({ minLength: 1, maxLength: 50 }),
        fc.nat(4),
        (req: SignatureInput, secret, part) => {
          const sig = computeSignature(secret, req);
          expect(sig).toMatch(/^[0-9a-f]{64}$/);
          expect(signatureMatches(secret, req, sig)).toBe(true);
          expect(signatureMatches(secret + 'x', req, sig)).toBe(false);
          const changed: SignatureInput = { ...req };
          if (part === 0) changed.method = req.method === 'GET' ? 'POST' : 'GET';
          if (part === 1) changed.pathWithQuery = req.pathWithQuery + 'x';
          if (part === 2) changed.timestamp = String(Number(req.timestamp) + 1);
          if (part === 3) changed.nonce = req.nonce + 'x';
          if (part === 4) changed.body = Buffer.concat([Buffer.from(req.body), Buffer.from([0])]);
          expect(signatureMatches(secret, changed, sig)).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses malformed presented signatures without throwing', () => {
    const req = {
      method: 'GET',
      pathWithQuery: '/',
      timestamp: '1',
      nonce: 'abcdefgh',
      body: Buffer.alloc(0),
    };
    for (const bad of ['', 'zz', 'a'.repeat(63), 'g'.repeat(64), 'a'.repeat(128)])
      expect(signatureMatches('s', req, bad)).toBe(false);
  });
});
