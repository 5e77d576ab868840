import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerOf, HttpRealNameProvider } from './http-provider.js';
import { ManualProvider } from './provider.js';
import { startFakeProvider, type FakeProvider } from './testing.js';

const PERSON = { name: '张三', idNumber: '11010519491231002X', mobile: '13812345678' };
const ORG = {
  name: '上海浦江数字科技有限公司',
  creditCode: '91350100M000100Y43',
  legalRepresentative: { name: '李四' },
};

describe('the http real-name provider against a local server', () => {
  let server: FakeProvider;
  let provider: HttpRealNameProvider;

  beforeAll(async () => {
    server = await startFakeProvider();
    provider = new HttpRealNameProvider({
      url: server.url,
      appKey: server.appKey,
      secret: server.secret,
      timeoutMs: 300,
    });
  });
  afterAll(() => server.close());

  it('signs each request (HMAC-SHA256, timestamp, nonce) and takes a match as verified', async () => {
    server.behave({ kind: 'verdict', result: 'match' });
    const answer = await provider.verifyPerson(PERSON);
    expect(answer).toMatchObject({ outcome: 'verified', reference: expect.stringMatching(/^ref-/) });
    const request = server.requests.at(-1)!;
    expect(request.signatureValid).toBe(true);
    expect(request.body).toEqual({ type: 'person', ...PERSON });
    expect(await provider.verifyOrganization(ORG)).toMatchObject({ outcome: 'verified' });
    expect(server.requests.at(-1)!.body).toEqual({ type: 'organization', ...ORG });
  });

  it('takes a mismatch as failed, with the provider’s reason', async () => {
    server.behave({ kind: 'verdict', result: 'mismatch', reason: '手机号与身份证不匹配' });
    expect(await provider.verifyPerson(PERSON)).toMatchObject({
      outcome: 'failed',
      reason: 'the factors do not match: 手机号与身份证不匹配',
    });
  });

  it('is refused by the server when signed with another secret (and then fails)', async () => {
    server.behave({ kind: 'verdict', result: 'match' });
    const wrong = new HttpRealNameProvider({
      url: server.url,
      appKey: server.appKey,
      secret: 'another-secret',
    });
    expect(await wrong.verifyPerson(PERSON)).toEqual({
      outcome: 'failed',
      reason: 'the provider answered HTTP 401',
    });
    expect(server.requests.at(-1)!.signatureValid).toBe(false);
  });

  it('fails, never verifies, when the provider times out', async () => {
    server.behave({ kind: 'hang' });
    const started = Date.now();
    expect(await provider.verifyPerson(PERSON)).toEqual({
      outcome: 'failed',
      reason: 'the provider did not answer within 300 ms',
    });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('fails when the answer starts and then stalls (the deadline covers the body)', async () => {
    server.behave({ kind: 'stall-body' });
    expect(await provider.verifyPerson(PERSON)).toEqual({
      outcome: 'failed',
      reason: 'the provider did not answer within 300 ms',
    });
  });

  it('fails on an HTTP error and on garbage', async () => {
    server.behave({ kind: 'status', status: 503 });
    expect(await provider.verifyPerson(PERSON)).toEqual({
      outcome: 'failed',
      reason: 'the provider answered HTTP 503',
    });
    for (const [body, reason] of [
      ['<html>oops</html>', 'the provider answered something that is not JSON'],
      ['[1,2]', 'the provider answered JSON that is not an object'],
      ['{"result":"MATCH"}', 'the provider answered without a result of match or mismatch'],
      ['{"result":true}', 'the provider answered without a result of match or mismatch'],
      ['', 'the provider answered something that is not JSON'],
      ['x'.repeat(20_000), "the provider's answer is longer than 16384 bytes"],
    ] as const) {
      server.behave({ kind: 'raw', body });
      expect(await provider.verifyPerson(PERSON), body.slice(0, 20)).toEqual({ outcome: 'failed', reason });
    }
  });

  it('fails when nothing listens', async () => {
    const closed = await startFakeProvider();
    await closed.close();
    const p = new HttpRealNameProvider({ url: closed.url, appKey: 'k', secret: 's', timeoutMs: 1000 });
    expect(await p.verifyPerson(PERSON)).toMatchObject({
      outcome: 'failed',
      reason: expect.stringMatching(/^the provider could not be reached/),
    });
  });

  it('refuses a configuration it cannot use', () => {
    expect(() => new HttpRealNameProvider({ url: 'ftp://x', appKey: 'k', secret: 's' })).toThrow(
      /http or https/,
    );
    expect(() => new HttpRealNameProvider({ url: 'nonsense', appKey: 'k', secret: 's' })).toThrow(
      /not a URL/,
    );
    expect(() => new HttpRealNameProvider({ url: 'http://x', appKey: '', secret: 's' })).toThrow(/APP_KEY/);
  });
});

describe('answers', () => {
  it('verifies only on an explicit match', () => {
    expect(answerOf('{"result":"match","reference":"r1"}')).toEqual({ outcome: 'verified', reference: 'r1' });
    expect(answerOf('{"result":"mismatch"}')).toEqual({
      outcome: 'failed',
      reason: 'the factors do not match',
    });
    expect(answerOf('null').outcome).toBe('failed');
    expect(answerOf('{"verified":true}').outcome).toBe('failed');
  });
});

describe('the manual provider', () => {
  it('leaves every request pending for an operator', async () => {
    const p = new ManualProvider();
    expect(await p.verifyPerson()).toEqual({ outcome: 'pending' });
    expect(await p.verifyOrganization()).toEqual({ outcome: 'pending' });
  });
});
