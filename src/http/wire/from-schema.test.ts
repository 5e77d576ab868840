/**
 * FromSchema on the request schemas the client is typed from: what the derived type accepts the
 * route's validator accepts, and what it refuses (marked @ts-expect-error, so tsc fails if the type
 * let it through) the validator refuses too — checked with the server's ajv settings (server.ts).
 */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTHORIZATION_BODY, type AuthorizationBody } from './authorizations.js';
import { SIGN_FIELD_INPUT, type SignFieldInputWire } from './contracts.js';

const app = Fastify({
  ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: true, allErrors: true } },
});
app.post('/sign-field', { schema: { body: SIGN_FIELD_INPUT } }, async () => ({ ok: true }));
app.post('/authorization', { schema: { body: AUTHORIZATION_BODY } }, async () => ({ ok: true }));
const status = async (url: string, payload: object) =>
  (await app.inject({ method: 'POST', url, payload })).statusCode;

beforeAll(() => app.ready());
afterAll(() => app.close());

describe('an object schema with oneOf alternatives of `required` lists (SIGN_FIELD_INPUT)', () => {
  it('types each alternative with its own required keys', async () => {
    const page: SignFieldInputWire = { page: 1, x: 10, y: 20, width: 100, height: 50 };
    const keyword: SignFieldInputWire = { keyword: '甲方（盖章）', width: 100, height: 50, offsetY: -10 };
    expect(await status('/sign-field', page)).toBe(200);
    expect(await status('/sign-field', keyword)).toBe(200);
  });

  it('refuses what the type refuses', async () => {
    // @ts-expect-error: neither a page position nor a keyword
    const nowhere: SignFieldInputWire = { width: 100, height: 50 };
    // @ts-expect-error: a page without its coordinates
    const noY: SignFieldInputWire = { page: 1, x: 10, width: 100, height: 50 };
    // @ts-expect-error: width is required by the object itself, in every alternative
    const noWidth: SignFieldInputWire = { keyword: 'k', height: 50 };
    for (const bad of [nowhere, noY, noWidth]) expect(await status('/sign-field', bad)).toBe(400);
  });
});

describe('oneOf of whole objects with const kinds (an authorization delegate)', () => {
  const subject = { kind: 'organization', idType: 'USCC', id: '9131', name: '公司' } as const;

  it('accepts the platform or a person with a subject', async () => {
    const platform: AuthorizationBody = { subject, delegate: { kind: 'platform' }, validTo: 1 };
    const person: AuthorizationBody = {
      subject,
      delegate: { kind: 'person', subject: { kind: 'person', idType: 'user_id', id: 'u', name: '李四' } },
      validTo: 1,
    };
    expect(await status('/authorization', platform)).toBe(200);
    expect(await status('/authorization', person)).toBe(200);
  });

  it('refuses what the type refuses', async () => {
    // @ts-expect-error: a person delegate names the person
    const anonymous: AuthorizationBody = { subject, delegate: { kind: 'person' }, validTo: 1 };
    // @ts-expect-error: 'organisation' is not a subject kind
    const misspelt: AuthorizationBody = { subject: { ...subject, kind: 'organisation' }, validTo: 1 };
    for (const bad of [anonymous, misspelt]) expect(await status('/authorization', bad)).toBe(400);
  });
});
