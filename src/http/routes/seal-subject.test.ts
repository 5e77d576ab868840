import fc from 'fast-check';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../errors.js';
import { validateAsBody } from '../validate-part.js';
import { SEAL_SUBJECT_PART_SCHEMA } from '../wire/seals.js';
import { sealSubjectFromPart, upgradeSealSubject } from './seal-subject.js';

const current = { kind: 'organization', idType: 'USCC', id: '9131', name: '示例公司' };

describe('upgradeSealSubject', () => {
  it('rewrites the deprecated spelling and field name, and nothing else', () => {
    expect(
      upgradeSealSubject({ kind: 'organisation', idType: 'USCC', idNumber: '9131', name: '示例公司' }),
    ).toEqual(current);
    expect(upgradeSealSubject(current)).toEqual(current);
    expect(upgradeSealSubject({ ...current, idNumber: '1' })).toEqual({ ...current, idNumber: '1' });
    for (const v of [null, 'x', 3, ['organisation']]) expect(upgradeSealSubject(v)).toBe(v);
  });

  it('never leaves the deprecated names in an object it upgraded', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('kind', 'idType', 'idNumber', 'name', 'x'), fc.string()),
        (d) => {
          const input = { ...d, kind: 'organisation' };
          const out = upgradeSealSubject(input) as Record<string, unknown>;
          expect(out.kind).toBe('organization');
          if ('idNumber' in d) expect(out).not.toHaveProperty('idNumber');
          expect(input.kind).toBe('organisation'); // the caller's object is not changed
        },
      ),
    );
  });
});

describe('sealSubjectFromPart', () => {
  // The part goes through the validator of a route as the upload routes use it: the server's ajv
  // options (server.ts) and its error mapping.
  const app = Fastify({
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: true, allErrors: true },
    },
  });
  app.setErrorHandler(errorHandler);
  app.post<{ Body: { text?: string } }>('/part', async (request) =>
    sealSubjectFromPart(request.body.text, (body) => validateAsBody(request, SEAL_SUBJECT_PART_SCHEMA, body)),
  );
  const send = async (text: string | undefined) => {
    const res = await app.inject({
      method: 'POST',
      url: '/part',
      payload: text === undefined ? {} : { text },
    });
    return {
      status: res.statusCode,
      body: res.json() as Record<string, { code: string; details?: unknown }>,
    };
  };
  afterAll(() => app.close());

  it('reads a current or deprecated subject part', async () => {
    expect(await send(JSON.stringify(current))).toEqual({ status: 200, body: current });
    const legacy = JSON.stringify({ kind: 'person', idType: 'ID_CARD', idNumber: '1101', name: '张三' });
    expect((await send(legacy)).body).toEqual({
      kind: 'person',
      idType: 'ID_CARD',
      id: '1101',
      name: '张三',
    });
  });

  it("refuses what the JSON schema refuses, as VALIDATION_FAILED with the JSON body's paths", async () => {
    const cases: [string | undefined, object][] = [
      [undefined, { path: '/', problem: "must have required property 'subject'" }],
      ['null', { path: '/subject', problem: 'must be object' }],
      ['[]', { path: '/subject', problem: 'must be object' }],
      [JSON.stringify({ ...current, kind: 'company' }), { path: '/subject/kind' }],
      [JSON.stringify({ ...current, id: '' }), { path: '/subject/id' }],
      [JSON.stringify({ ...current, id: 'x'.repeat(65) }), { path: '/subject/id' }],
      [JSON.stringify({ ...current, extra: 1 }), { path: '/subject', field: 'extra' }],
      [JSON.stringify({ ...current, idNumber: 'x' }), { path: '/subject', field: 'idNumber' }],
      [JSON.stringify({ kind: 'person', idType: 'ID_CARD', name: '张三' }), { path: '/subject' }],
    ];
    for (const [text, detail] of cases) {
      const res = await send(text);
      expect([text, res.status, res.body.error!.code]).toEqual([text, 400, 'VALIDATION_FAILED']);
      expect(res.body.error!.details).toEqual([expect.objectContaining({ in: 'body', ...detail })]);
    }
  });

  it('refuses a part that is not JSON as a JSON body is refused', async () => {
    for (const text of ['not json', '', '{"subject":'])
      expect(await send(text)).toMatchObject({ status: 400, body: { error: { code: 'MALFORMED_JSON' } } });
  });
});
