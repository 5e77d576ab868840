/**
 * Dictionaries (字典管理) over HTTP on both databases: built-in lists, a line's own list replacing
 * one, every problem of a bad list at once, delete bringing the built-in back, the console's roles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HetongClient } from '../../client/index.js';
import { testDialects } from '../../store/testing.js';
import { MAX_DICTIONARY_ITEMS } from '../../tenancy/dictionaries.js';
import { DICTIONARY_BODY } from '../wire/dictionaries.js';
import { adminSession, type AdminSession } from '../../../test/e2e/helpers.js';
import { createTestApp, type TestApp } from '../testing.js';

const dialects = await testDialects();

describe('the dictionary request schema', () => {
  it("caps a list's items at the domain's rule (the wire module keeps its own copy of the number)", () => {
    expect(DICTIONARY_BODY.properties.items.maxItems).toBe(MAX_DICTIONARY_ITEMS);
  });
});

describe.each(dialects)('dictionary routes on %s', (dialect) => {
  let t: TestApp;
  let client: HetongClient;
  let appId: string;
  let operator: AdminSession;
  let legal: AdminSession;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    ({ client, appId } = await t.newLine('字典业务线'));
    [operator, legal] = await Promise.all([adminSession(t, 'operator'), adminSession(t, 'legal')]);
  });
  afterAll(async () => t?.dispose());

  const list = () =>
    client.request<{ items: { code: string; builtin: boolean; items: { value: string }[] }[] }>(
      'GET',
      '/api/v1/dictionaries',
    );

  it('lists the built-in dictionaries; a saved list replaces one for this line only', async () => {
    const before = await list();
    expect(before.items.map((d) => d.code)).toEqual([
      'contract_types',
      'organization_id_types',
      'person_id_types',
      'seal_types',
    ]);
    expect(before.items.every((d) => d.builtin)).toBe(true);
    const saved = await client.request('PUT', '/api/v1/dictionaries/contract_types', {
      body: {
        name: '合同类型',
        items: [
          { value: 'purchase', label: ' 采购合同 ' },
          { value: 'franchise', label: '加盟合同' },
          { value: 'old', label: '旧类型', disabled: true },
        ],
      },
    });
    expect(saved).toMatchObject({
      code: 'contract_types',
      builtin: false,
      items: [{ value: 'purchase', label: '采购合同' }, { value: 'franchise' }, { disabled: true }],
    });
    const own = await client.request<{ builtin: boolean; items: unknown[] }>(
      'GET',
      '/api/v1/dictionaries/contract_types',
    );
    expect(own).toMatchObject({
      builtin: false,
      items: expect.arrayContaining([expect.objectContaining({ value: 'franchise' })]),
    });
    await client.request('PUT', '/api/v1/dictionaries/shop_regions', {
      body: { name: '门店区域', items: [{ value: 'east', label: '华东' }] },
    });
    expect((await list()).items.map((d) => d.code)).toContain('shop_regions');
    // Another line still sees the platform's list.
    const other = await t.newLine('另一业务线');
    const theirs = await other.client.request<{ builtin: boolean }>(
      'GET',
      '/api/v1/dictionaries/contract_types',
    );
    expect(theirs.builtin).toBe(true);
    const events = await t.app.services.audit.forTarget('contract_types');
    expect(events.map((e) => e.action)).toEqual(['dictionary.saved']);
  });

  it('names every problem of a bad list; refuses bad codes; delete brings the built-in back', async () => {
    await expect(
      client.request('PUT', '/api/v1/dictionaries/seal_types', {
        body: {
          name: ' ',
          items: [
            { value: 'a b', label: 'x' },
            { value: 'ok', label: '' },
            { value: 'ok', label: 'again' },
          ],
        },
      }),
    ).rejects.toMatchObject({
      status: 422,
      code: 'DICTIONARY_INVALID',
      details: {
        problems: [
          { path: 'name' },
          { path: 'items/0/value' },
          { path: 'items/1/label' },
          { path: 'items/2/value', message: 'the same value as item 2' },
        ],
      },
    });
    await expect(
      client.request('PUT', '/api/v1/dictionaries/Bad-Code', { body: { name: 'x', items: [] } }),
    ).rejects.toMatchObject({ status: 400, code: 'DICTIONARY_CODE_INVALID' });
    await expect(client.request('GET', '/api/v1/dictionaries/nothing_here')).rejects.toMatchObject({
      status: 404,
      code: 'DICTIONARY_NOT_FOUND',
    });
    await client.request('DELETE', '/api/v1/dictionaries/contract_types');
    expect(
      (await client.request<{ builtin: boolean }>('GET', '/api/v1/dictionaries/contract_types')).builtin,
    ).toBe(true);
    await expect(client.request('DELETE', '/api/v1/dictionaries/contract_types')).rejects.toMatchObject({
      status: 404,
      message: expect.stringMatching(/is built in/),
    });
  });

  it('in the console: operators save, legal reads', async () => {
    const url = `/admin/api/lines/${appId}/dictionaries/id_types_extra`;
    const payload = { name: '其他证件', items: [{ value: 'SOLDIER', label: '军官证' }] };
    const byLegal = await t.app.server.inject({ method: 'PUT', url, headers: legal.headers, payload });
    expect(byLegal.statusCode).toBe(403);
    const byOperator = await t.app.server.inject({ method: 'PUT', url, headers: operator.headers, payload });
    expect(byOperator.statusCode).toBe(200);
    const read = await t.app.server.inject({ method: 'GET', url, headers: legal.headers });
    expect(read.json()).toMatchObject({ code: 'id_types_extra', items: [{ value: 'SOLDIER' }] });
    const [event] = await t.app.services.audit.forTarget('id_types_extra');
    expect(event!.actor).toMatch(/^admin:/);
  });
});
