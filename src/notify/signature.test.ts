import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TOLERANCE_MS, signPayload, verifySignature } from './signature.js';

const SECRET = 'whsec_test';
const T = 1_750_000_000_000;

describe('X-Hetong-Signature', () => {
  it('is t=<ms>,v1=<hex HMAC-SHA256(secret, t + "." + body)>', () => {
    const body = '{"id":"evt_1","type":"contract.completed"}';
    const expected = createHmac('sha256', SECRET).update(`${T}.${body}`).digest('hex');
    expect(signPayload(SECRET, body, T)).toBe(`t=${T},v1=${expected}`);
    // bytes and strings of the same body sign alike
    expect(signPayload(SECRET, Buffer.from(body), T)).toBe(signPayload(SECRET, body, T));
  });

  it('verifies its own signatures within the tolerance, either side of now', () => {
    const body = '合同 {"a":1}';
    const header = signPayload(SECRET, body, T);
    expect(verifySignature(SECRET, header, body, { now: T })).toBe(true);
    expect(verifySignature(SECRET, header, Buffer.from(body), { now: T + DEFAULT_TOLERANCE_MS })).toBe(true);
    expect(verifySignature(SECRET, header, body, { now: T - DEFAULT_TOLERANCE_MS })).toBe(true);
    expect(verifySignature(SECRET, header, body, { now: T + DEFAULT_TOLERANCE_MS + 1 })).toBe(false);
    expect(verifySignature(SECRET, header, body, { now: T - DEFAULT_TOLERANCE_MS - 1 })).toBe(false);
    expect(verifySignature(SECRET, header, body, { now: T + 1000, toleranceMs: 999 })).toBe(false);
    expect(verifySignature(SECRET, signPayload(SECRET, body), body)).toBe(true);
  });

  it('refuses another body, secret or timestamp', () => {
    const header = signPayload(SECRET, 'body', T);
    const v1 = header.split('v1=')[1]!;
    expect(verifySignature(SECRET, header, 'body ', { now: T })).toBe(false);
    expect(verifySignature('other', header, 'body', { now: T })).toBe(false);
    expect(verifySignature(SECRET, `t=${T + 1},v1=${v1}`, 'body', { now: T })).toBe(false);
  });

  it('accepts any one of several v1 values (secret rotation) and ignores unknown schemes', () => {
    const good = signPayload(SECRET, 'b', T).split('v1=')[1]!;
    const other = signPayload('old secret', 'b', T).split('v1=')[1]!;
    expect(verifySignature(SECRET, `t=${T},v1=${other},v1=${good}`, 'b', { now: T })).toBe(true);
    expect(verifySignature(SECRET, `t=${T}, v0=abc, v1=${good.toUpperCase()}`, 'b', { now: T })).toBe(true);
    expect(verifySignature(SECRET, `t=${T},v1=${other}`, 'b', { now: T })).toBe(false);
  });

  it('is false, never an exception, for malformed headers', () => {
    const v1 = signPayload(SECRET, 'b', T).split('v1=')[1]!;
    for (const header of [
      undefined,
      null,
      '',
      `v1=${v1}`,
      `t=${T}`,
      `t=${T},v1=${v1.slice(2)}`,
      `t=${T},v1=${v1}zz`,
      `t=${T},t=${T},v1=${v1}`,
      `t=-${T},v1=${v1}`,
      `t=${T}.5,v1=${v1}`,
      `t=${T};v1=${v1}`,
      `t=${T},v1=${v1},garbage`,
    ])
      expect(verifySignature(SECRET, header, 'b', { now: T })).toBe(false);
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (header) => {
        expect(verifySignature(SECRET, header, 'b', { now: T })).toBe(false);
      }),
    );
  });
});
