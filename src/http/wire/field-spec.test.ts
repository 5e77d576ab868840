/**
 * The template field analysis on the wire (FIELD_SPEC_SCHEMA, recursive through `fields`): its
 * type is the engine's FieldSpec, in both directions, and the route's serialiser follows the
 * recursion to any depth, writing what JSON.stringify writes.
 */
import Fastify from 'fastify';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { FieldSpec } from '../../render/index.js';
import type { RenderWarning } from '../../render/model.js';
import { TEMPLATE_FIELDS_SCHEMA, type FieldSpecWire, type RenderWarningWire } from './templates.js';

const leaf = (name: string, kind: FieldSpec['kind'] = 'text'): FieldSpec => ({
  name,
  path: name.split('.'),
  kind,
  where: [`body paragraph ${name.length}`],
});

/** A loop in a condition in a loop: inner fields three levels down. */
const analysis: FieldSpec[] = [
  leaf('partyA.name'),
  {
    ...leaf('items', 'loop'),
    fields: [
      leaf('qty'),
      { ...leaf('discounted', 'condition'), fields: [{ ...leaf('tiers', 'loop'), fields: [leaf('.')] }] },
    ],
  },
  leaf('seal', 'image'),
];

describe('FIELD_SPEC_SCHEMA', () => {
  it("types the engine's FieldSpec and its warnings exactly (checked by tsc)", () => {
    expectTypeOf<FieldSpecWire>().toEqualTypeOf<FieldSpec>();
    expectTypeOf<RenderWarningWire>().toEqualTypeOf<RenderWarning>();
    const back: FieldSpec[] = analysis satisfies FieldSpecWire[];
    expect(back).toBe(analysis);
  });

  it('serialises nested fields at every depth as JSON.stringify does', async () => {
    const app = Fastify();
    const answer = { versionId: 'tv_1', fields: analysis, warnings: [{ code: 'FONT_MAPPED', message: 'm' }] };
    app.get('/fields', { schema: { response: { 200: TEMPLATE_FIELDS_SCHEMA } } }, async () => answer);
    const res = await app.inject('/fields');
    await app.close();
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(JSON.stringify(answer));
    expect(res.body).toContain('"fields":[{"name":".","path":["",""],"kind":"text"');
  });

  it('refuses to answer a field without its kind (required at every depth)', async () => {
    const app = Fastify();
    const broken = [{ ...leaf('items', 'loop'), fields: [{ name: 'qty', path: ['qty'], where: [] }] }];
    app.get('/fields', { schema: { response: { 200: TEMPLATE_FIELDS_SCHEMA } } }, async () => ({
      versionId: 'tv_1',
      fields: broken,
      warnings: [],
    }));
    const res = await app.inject('/fields');
    await app.close();
    expect(res.statusCode).toBe(500);
  });
});
