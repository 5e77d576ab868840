import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HetongClient, SealSubjectInfo } from '../../client/index.js';
import type { SealView } from '../../seals/service.js';
import { decode, countPixels, isRedInk } from '../../seals/test-pixels.js';
import { testDialects } from '../../store/testing.js';
import { buildMultipart } from '../multipart.js';
import { createTestApp, type TestApp } from '../testing.js';

const jpeg = readFileSync(fileURLToPath(new URL('../../seals/fixtures/scanned-seal.jpg', import.meta.url)));
const org: SealSubjectInfo = {
  kind: 'organization',
  idType: 'USCC',
  id: '91330100MA2XXXXX0Q',
  name: '杭州合同科技有限公司',
};
const person: SealSubjectInfo = {
  kind: 'person',
  idType: 'ID_CARD',
  id: '110101199001011234',
  name: '李小明',
};

function upload(
  client: HetongClient,
  path: string,
  parts: Record<string, string>,
  file?: Uint8Array,
  type = 'image/jpeg',
) {
  const boundary = 'b0undary' + Math.random().toString(36).slice(2);
  const body = buildMultipart(
    boundary,
    parts,
    file ? [{ field: 'file', filename: 'seal', contentType: type, data: file }] : [],
  );
  return client.raw('POST', path, {
    body: new Uint8Array(body),
    contentType: `multipart/form-data; boundary=${boundary}`,
  });
}

for (const dialect of await testDialects()) {
  describe(`seals API (${dialect})`, () => {
    let t: TestApp;
    let client: HetongClient;
    let other: HetongClient;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      client = (await t.newLine('Seal line')).client;
      other = (await t.newLine('Other line')).client;
    });
    afterAll(() => t.dispose());

    it('generates a round and a square seal, lists them by subject and serves the PNG', async () => {
      const round = await client.request<SealView>('POST', '/api/v1/seals', {
        body: { subject: org, kind: 'round', purpose: '合同专用章', number: '3301000012345' },
      });
      expect(round).toMatchObject({
        kind: 'round',
        status: 'active',
        widthMm: 42,
        heightMm: 42,
        subject: org,
      });
      const square = await client.request<SealView>('POST', '/api/v1/seals', {
        body: { subject: person, kind: 'square' },
      });
      expect(square.widthMm).toBe(18);

      const image = await client.raw('GET', `/api/v1/seals/${round.id}/image`);
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/png');
      const png = decode(image.body);
      expect([png.width, png.height]).toEqual([496, 496]);
      expect(countPixels(png, isRedInk)).toBeGreaterThan(10_000);
      expect(countPixels(png, (_r, _g, _b, a) => a > 0, { x0: 0, y0: 0, x1: 30, y1: 30 })).toBe(0);

      const listed = await client.request<{ items: SealView[] }>('GET', '/api/v1/seals', {
        query: { subjectIdType: 'USCC', subjectId: org.id },
      });
      expect(listed.items.map((s) => s.id)).toEqual([round.id]);
      // A square seal is a person's: an organisation cannot have one.
      const wrong = await client.raw('POST', '/api/v1/seals', { body: { subject: org, kind: 'square' } });
      expect([wrong.status, JSON.parse(wrong.body.toString()).error.code]).toEqual([
        400,
        'SEAL_SPEC_INVALID',
      ]);
      // Unknown fields are refused by the schema.
      const extra = await client.raw('POST', '/api/v1/seals', {
        body: { subject: org, kind: 'round', colour: 'blue' },
      });
      expect(extra.status).toBe(400);
    });

    it('uploads a scanned seal with background removal and a handwritten signature; refuses a bad image', async () => {
      const res = await upload(
        client,
        '/api/v1/seals/upload',
        { subject: JSON.stringify(org), removeBackground: 'true' },
        jpeg,
      );
      expect(res.status).toBe(201);
      const seal = JSON.parse(res.body.toString()) as SealView;
      expect(seal).toMatchObject({ kind: 'uploaded', widthMm: 40 });
      const png = decode((await client.raw('GET', `/api/v1/seals/${seal.id}/image`)).body);
      // The paper is gone: the corners are transparent, the ink is red.
      expect(png.data[3]).toBe(0);
      expect(countPixels(png, isRedInk)).toBeGreaterThan(500);

      const bad = await upload(
        client,
        '/api/v1/seals/upload',
        { subject: JSON.stringify(org) },
        Buffer.from('not an image at all'),
        'image/png',
      );
      expect([bad.status, JSON.parse(bad.body.toString()).error.code]).toEqual([400, 'SEAL_IMAGE_INVALID']);
      const noSubject = await upload(client, '/api/v1/seals/upload', {}, jpeg);
      expect(JSON.parse(noSubject.body.toString()).error.code).toBe('VALIDATION_FAILED');

      const hand = await upload(
        client,
        '/api/v1/seals/handwritten',
        { subject: JSON.stringify(person), widthMm: '25' },
        jpeg,
      );
      expect(hand.status).toBe(201);
      expect(JSON.parse(hand.body.toString())).toMatchObject({ kind: 'handwritten', widthMm: 25 });
    });

    it("still takes the deprecated kind 'organisation' and idNumber, and answers the current names", async () => {
      const legacy = {
        kind: 'organisation',
        idType: 'USCC',
        idNumber: '91330100MA2LEGACY0',
        name: '旧拼写有限公司',
      };
      const current = {
        kind: 'organization',
        idType: 'USCC',
        id: '91330100MA2LEGACY0',
        name: '旧拼写有限公司',
      };
      const generated = await client.request<SealView>('POST', '/api/v1/seals', {
        body: { subject: legacy, kind: 'round' },
      });
      expect(generated.subject).toEqual(current);
      const uploaded = await upload(
        client,
        '/api/v1/seals/upload',
        { subject: JSON.stringify(legacy) },
        jpeg,
      );
      expect(uploaded.status).toBe(201);
      expect((JSON.parse(uploaded.body.toString()) as SealView).subject).toEqual(current);
      // Both id fields at once is ambiguous: refused, not guessed.
      const both = await client.raw('POST', '/api/v1/seals', {
        body: { subject: { ...current, idNumber: 'x' }, kind: 'round' },
      });
      expect(both.status).toBe(400);
      const bothPart = await upload(
        client,
        '/api/v1/seals/upload',
        { subject: JSON.stringify({ ...current, idNumber: 'x' }) },
        jpeg,
      );
      expect(JSON.parse(bothPart.body.toString()).error.code).toBe('VALIDATION_FAILED');
    });

    it('refuses a bad subject alike as JSON and as a multipart part: one schema, one answer', async () => {
      // The upload's subject part was checked by hand (400 SEAL_INPUT_INVALID, no details) while the
      // JSON route answered VALIDATION_FAILED naming each problem: now both by the same schema.
      for (const subject of [
        { ...org, kind: 'company' },
        { ...org, id: '', name: 'x'.repeat(201) },
        { ...org, idNumber: 'x' },
        { kind: 'person', idType: 'ID_CARD', name: '李小明' },
      ]) {
        const json = await client.raw('POST', '/api/v1/seals', { body: { subject, kind: 'round' } });
        const part = await upload(client, '/api/v1/seals/upload', { subject: JSON.stringify(subject) }, jpeg);
        expect(json.status).toBe(400);
        expect([part.status, part.body.toString()]).toEqual([json.status, json.body.toString()]);
      }
      const none = await client.raw('POST', '/api/v1/seals', { body: { kind: 'round' } });
      const noPart = await upload(client, '/api/v1/seals/handwritten', {}, jpeg);
      expect(noPart.body.toString()).toBe(none.body.toString());
      expect(JSON.parse(noPart.body.toString()).error.details).toEqual([
        expect.objectContaining({ in: 'body', path: '/', problem: "must have required property 'subject'" }),
      ]);
    });

    it('refuses a JSON replacement as POST /seals refuses the same options, before rendering anything', async () => {
      // The JSON replacement was checked by hand (400 SEAL_INPUT_INVALID, one problem at most) while
      // POST /seals answered VALIDATION_FAILED naming each problem: now both by the same options.
      const seal = await client.request<SealView>('POST', '/api/v1/seals', {
        body: { subject: person, kind: 'square' },
      });
      for (const body of [
        { kind: 'square', sizeMm: 5000 },
        { kind: 'round', diameterMm: 5000 },
        { kind: 'square', twoCharLayout: 'sideways' },
        { kind: 'round', purpose: '章'.repeat(13) },
        { kind: 'round', diameterMm: '42', colour: 'red' },
        { kind: 'uploaded' },
      ]) {
        const res = await client.raw('POST', `/api/v1/seals/${seal.id}/replace`, { body });
        const twin = await client.raw('POST', '/api/v1/seals', { body: { subject: person, ...body } });
        expect(twin.status).toBe(400);
        expect([res.status, res.body.toString()]).toEqual([twin.status, twin.body.toString()]);
      }
      const both = await client.raw('POST', `/api/v1/seals/${seal.id}/replace`, {
        body: { kind: 'round', diameterMm: '42', colour: 'red' },
      });
      expect(JSON.parse(both.body.toString()).error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [
          { in: 'body', path: '/', problem: 'must NOT have additional properties', field: 'colour' },
          { in: 'body', path: '/diameterMm', problem: 'must be number' },
        ],
      });
      const none = await client.raw('POST', `/api/v1/seals/${seal.id}/replace`, { body: {} });
      expect(JSON.parse(none.body.toString()).error.details).toEqual([
        expect.objectContaining({ in: 'body', path: '/', problem: "must have required property 'kind'" }),
      ]);
      expect((await client.seal(seal.id)).status).toBe('active');
    });

    it('disables (then not usable) and replaces with history; audits every change; other lines get 404', async () => {
      const seal = await client.request<SealView>('POST', '/api/v1/seals', {
        body: { subject: person, kind: 'square' },
      });
      const { replaced, seal: next } = await client.request<{ replaced: SealView; seal: SealView }>(
        'POST',
        `/api/v1/seals/${seal.id}/replace`,
        { body: { kind: 'square', twoCharLayout: 'columns', name: '小明' } },
      );
      expect(replaced).toMatchObject({ id: seal.id, status: 'disabled', replacedBy: next.id });
      expect(next).toMatchObject({ status: 'active', replaces: seal.id, subject: person });
      // A disabled seal cannot be replaced again, nor used to sign.
      expect(
        (await client.raw('POST', `/api/v1/seals/${seal.id}/replace`, { body: { kind: 'square' } })).status,
      ).toBe(409);
      const line = (await client.businessLine()).id;
      await expect(
        t.app.services.seals.usablePng(line, seal.id, { idType: person.idType, id: person.id }),
      ).rejects.toMatchObject({ code: 'SEAL_DISABLED' });
      const usable = await t.app.services.seals.usablePng(line, next.id, {
        idType: person.idType,
        id: person.id,
      });
      expect(decode(usable.png).width).toBe(213); // 18 mm at 300 dpi

      const disabled = await client.request<SealView>('POST', `/api/v1/seals/${next.id}/disable`);
      expect(disabled.status).toBe('disabled');
      await expect(
        t.app.services.seals.usablePng(line, next.id, { idType: person.idType, id: person.id }),
      ).rejects.toMatchObject({ code: 'SEAL_DISABLED' });
      const active = await client.request<{ items: SealView[] }>('GET', '/api/v1/seals', {
        query: { subjectIdType: person.idType, subjectId: person.id, status: 'active' },
      });
      expect(active.items.map((s) => s.id)).not.toContain(next.id);

      const actions = (await client.auditEvents(seal.id)).map((e) => e.action);
      expect(actions).toEqual(['seal.created', 'seal.replaced']);
      expect((await client.auditEvents(next.id)).map((e) => e.action)).toEqual([
        'seal.created',
        'seal.disabled',
      ]);

      for (const [method, path] of [
        ['GET', `/api/v1/seals/${next.id}`],
        ['GET', `/api/v1/seals/${next.id}/image`],
        ['POST', `/api/v1/seals/${seal.id}/disable`],
      ] as const) {
        const res = await other.raw(method, path);
        expect([res.status, JSON.parse(res.body.toString()).error.code]).toEqual([404, 'SEAL_NOT_FOUND']);
      }
      expect((await other.request<{ items: SealView[] }>('GET', '/api/v1/seals')).items).toEqual([]);
    });

    it('works through the typed client', async () => {
      const seal = await client.generateSeal({ subject: org, kind: 'round', purpose: '财务专用章' });
      const uploaded = await client.uploadSeal({
        subject: person,
        image: jpeg,
        contentType: 'image/jpeg',
        handwritten: true,
      });
      expect(uploaded.kind).toBe('handwritten');
      expect(decode(await client.sealImage(seal.id)).width).toBe(496);
      const { seal: next } = await client.replaceSeal(seal.id, { kind: 'round', purpose: '合同专用章' });
      expect((await client.seal(seal.id)).replacedBy).toBe(next.id);
      expect((await client.disableSeal(next.id)).status).toBe('disabled');
      expect(
        (await client.seals({ subjectIdType: 'USCC', subjectId: org.id, status: 'active' })).map((s) => s.id),
      ).not.toContain(next.id);
    });

    it('documents the routes in OpenAPI', async () => {
      const doc = (await t.app.server.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
      for (const p of [
        '/api/v1/seals',
        '/api/v1/seals/upload',
        '/api/v1/seals/{id}/image',
        '/api/v1/seals/{id}/replace',
      ])
        expect(Object.keys(doc.paths)).toContain(p);
    });
  });
}
