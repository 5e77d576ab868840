/**
 * One concept, one name and one spelling across the API (shared/STYLE.md "One wire contract"):
 * a subject's kind is `person` | `organization` and its identifier is `id`, beside `idType`, in
 * every route — contracts, signers, seals, real-name, authorizations, certificates. Scanned in the
 * OpenAPI document the service serves, which is generated from the schemas the routes validate with;
 * so is the rule that a schema resource with an `$id` (a recursive shape) is embedded once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './testing.js';

interface Finding {
  at: string;
  problem: string;
}

/** Every place in `doc` that spells a subject differently; also counts the subjects it checked. */
function scan(doc: unknown): { findings: Finding[]; subjects: number; kinds: number } {
  const findings: Finding[] = [];
  let subjects = 0;
  let kinds = 0;
  const walk = (node: unknown, at: string): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}/${i}`));
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (Array.isArray(o.enum)) {
      if (o.enum.includes('organisation')) findings.push({ at, problem: "enum value 'organisation'" });
      if (o.enum.includes('organization')) kinds++;
    }
    const props = o.properties as Record<string, unknown> | undefined;
    if (props && typeof props === 'object') {
      if ('organisation' in props) findings.push({ at, problem: "property 'organisation'" });
      if ('idType' in props) {
        subjects++;
        if (!('id' in props)) findings.push({ at, problem: "idType without 'id'" });
        if ('idNumber' in props) findings.push({ at, problem: "a second id field 'idNumber' beside idType" });
      }
    }
    for (const [k, v] of Object.entries(o)) walk(v, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  };
  walk(doc, '#');
  return { findings, subjects, kinds };
}

describe('the scan', () => {
  it('finds each kind of second spelling', () => {
    const { findings } = scan({
      a: { type: 'string', enum: ['person', 'organisation'] },
      b: { type: 'object', properties: { idType: {}, idNumber: {} } },
      c: { type: 'object', properties: { organisation: {} } },
    });
    expect(findings.map((f) => f.at)).toEqual(['#/a', '#/b', '#/b', '#/c']);
  });
});

describe('API wire names (GET /api/v1/openapi.json)', () => {
  let t: TestApp;
  let doc: { paths: Record<string, unknown> };
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    doc = (await t.app.server.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
  });
  afterAll(async () => t?.dispose());

  it('covers the routes that carry a subject', () => {
    for (const p of [
      '/api/v1/contracts',
      '/api/v1/seals',
      '/api/v1/real-name/persons',
      '/api/v1/authorizations',
      '/admin/api/certificates',
    ])
      expect(Object.keys(doc.paths)).toContain(p);
  });

  it("spells a subject's kind 'organization' and names its identifier 'id' everywhere", () => {
    const { findings, subjects, kinds } = scan(doc);
    expect(findings).toEqual([]);
    // The scan saw the subjects it is about (not an empty or reshaped document).
    expect(subjects).toBeGreaterThan(10);
    expect(kinds).toBeGreaterThan(5);
  });

  it('embeds each schema resource ($id, e.g. the recursive field analysis) once', () => {
    const ids: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      const id = (node as { $id?: unknown }).$id;
      if (typeof id === 'string') ids.push(id);
      Object.values(node).forEach(walk);
    };
    walk(doc);
    // JSON Schema 2020-12 §8.2.1: a URI identifies one resource; a second copy makes refs ambiguous.
    expect(ids).toContain('urn:hetong:wire:field-spec');
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });
});
