import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifySignature } from '../signature.js';
import { deliveryHeaders, eventBody } from './payload.js';

const event = {
  id: 'evt_0123456789abcdefghijklmno',
  type: 'contract.completed',
  createdAt: 1_760_000_000_123,
  data: { contractId: 'ct_1', title: '技术服务合同', signers: [{ role: '甲方' }] },
};

describe('webhook body and signature', () => {
  it('is {id, type, createdAt, data} and the same bytes on every try', () => {
    const body = eventBody(event);
    expect(JSON.parse(body)).toEqual(event);
    expect(Object.keys(JSON.parse(body) as object)).toEqual(['id', 'type', 'createdAt', 'data']);
    expect(eventBody({ ...event })).toBe(body);
  });

  it('signs t + "." + body with HMAC-SHA256 of the endpoint secret', () => {
    const secret = 'whsec_test-secret';
    const body = eventBody(event);
    const t = 1_760_000_100_000;
    const h = deliveryHeaders(secret, body, event, 'whd_x', t);
    expect(h).toMatchObject({
      'Content-Type': 'application/json',
      'X-Hetong-Event': 'contract.completed',
      'X-Hetong-Delivery': 'whd_x',
    });
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(h['X-Hetong-Signature']).toBe(`t=${t},v1=${expected}`);
    expect(verifySignature(secret, h['X-Hetong-Signature'], body, { now: t + 1000 })).toBe(true);
    expect(verifySignature('whsec_other', h['X-Hetong-Signature'], body, { now: t })).toBe(false);
    expect(verifySignature(secret, h['X-Hetong-Signature'], body.replace('ct_1', 'ct_2'), { now: t })).toBe(
      false,
    );
  });
});
