/**
 * Queries on the wire: the route reads digits as strings (no coercion), a caller may give numbers
 * (QueryOf), and what the client writes for a number (`String(n)`) is what the schema admits.
 */
import Fastify from 'fastify';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { CONTRACT_LIST_QUERY, type ContractListQuery, type ContractListQueryWire } from './contracts.js';
import type { RealNameListQuery } from './real-name.js';
import { TEMPLATE_PREVIEW_PNG_QUERY, type TemplatePreviewPngQuery } from './templates.js';

describe('QueryOf', () => {
  it('types the digit parameters number | string and leaves the others as the schema says (checked by tsc)', () => {
    expectTypeOf<ContractListQuery>().toEqualTypeOf<{
      cursor?: string;
      limit?: number | string;
      status?: 'pending_signing' | 'completed' | 'rejected' | 'revoked' | 'expired';
      signerId?: string;
      templateId?: string;
      groupId?: string;
      createdFrom?: number | string;
      createdTo?: number | string;
    }>();
    expectTypeOf<ContractListQueryWire['createdFrom']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<TemplatePreviewPngQuery>().toEqualTypeOf<{
      page?: number | string;
      width?: number | string;
      mode?: 'sample' | 'tags';
      versionId?: string;
    }>();
    expectTypeOf<RealNameListQuery['limit']>().toEqualTypeOf<number | string | undefined>();
    expectTypeOf<RealNameListQuery['idType']>().toEqualTypeOf<string | undefined>();
  });

  it('admits a number as the client writes it, and refuses what is not digits', async () => {
    // The server's options (server.ts): no coercion, so the pattern alone decides.
    const app = Fastify({ ajv: { customOptions: { coerceTypes: false, allErrors: true } } });
    app.get('/contracts', { schema: { querystring: CONTRACT_LIST_QUERY } }, async (r) => r.query);
    app.get('/preview', { schema: { querystring: TEMPLATE_PREVIEW_PNG_QUERY } }, async (r) => r.query);
    const write = (q: Record<string, string | number>) =>
      new URLSearchParams(Object.entries(q).map(([k, v]): [string, string] => [k, String(v)])).toString();
    const asked: ContractListQuery = { limit: 20, createdFrom: 1765000000000, createdTo: '1765000000001' };
    const ok = await app.inject(`/contracts?${write(asked)}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ limit: '20', createdFrom: '1765000000000', createdTo: '1765000000001' });
    const page: TemplatePreviewPngQuery = { page: 2, width: 400, mode: 'tags' };
    expect((await app.inject(`/preview?${write(page)}`)).json()).toEqual({
      page: '2',
      width: '400',
      mode: 'tags',
    });
    for (const bad of ['limit=-1', 'limit=1e3', 'limit=2.5', 'createdFrom=', 'createdFrom=12345678901234567'])
      expect((await app.inject(`/contracts?${bad}`)).statusCode, bad).toBe(400);
    await app.close();
  });
});
