/**
 * The evidence log over HTTP.
 *
 * Signed API (/api/v1, also mounted for the console): the latest checkpoint, inclusion proofs of
 * the line's own events (a line never learns another's events), consistency proofs, and a
 * contract's evidence package (ZIP, see src/evidence/package/build.ts).
 *
 * Public (no authentication, for witnesses and auditors — they reveal hashes only): the latest
 * checkpoint as a C2SP signed note, optionally preceded by a consistency proof from an older
 * size in the tlog-witness request layout (`old N`, proof lines, blank line, note); the log's
 * verifier key; consistency proofs.
 */
import type { FastifyInstance } from 'fastify';
import type { LogKeys } from '../../evidence/log/log-key.js';
import type { TransparencyLog } from '../../evidence/log/transparency-log.js';
import type { EvidencePackager } from '../../evidence/package/build.js';
import { HetongError } from '../../shared/errors.js';
import { businessLineOf, lineAuth, type LineRouteOptions } from '../auth.js';
import type { HttpDeps } from '../deps.js';
import { ID_PARAMS } from '../schemas-contracts.js';
import { APP_SECURITY } from '../schemas.js';
import { TREE_NUMBER, treeNumber } from './query-params.js';

export interface EvidenceEndpoints {
  log: TransparencyLog;
  keys: LogKeys;
  packages: EvidencePackager;
}

const SIZE = TREE_NUMBER;
const HASHES = { type: 'array', items: { type: 'string', description: 'base64 SHA-256' } } as const;
const CONSISTENCY_QUERY = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: { from: SIZE, to: SIZE },
} as const;
const CONSISTENCY_SCHEMA = {
  type: 'object',
  properties: { from: { type: 'integer' }, to: { type: 'integer' }, hashes: HASHES },
} as const;
const CHECKPOINT_SCHEMA = {
  type: 'object',
  properties: {
    treeSize: { type: 'integer' },
    rootHash: { type: 'string', description: 'base64' },
    note: { type: 'string', description: 'C2SP tlog-checkpoint signed note' },
    createdAt: { type: 'integer' },
    logKey: { type: 'string', description: 'C2SP signed-note verifier key' },
    anchors: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
} as const;

const b64 = (hashes: Uint8Array[]) => hashes.map((h) => Buffer.from(h).toString('base64'));

async function latest(e: EvidenceEndpoints) {
  const c = (await e.log.latestCheckpoint()) ?? (await e.log.integrate({ checkpoint: 'now' })).checkpoint;
  if (!c) throw new HetongError('EVIDENCE_LOG_EMPTY', 404, 'the evidence log has no checkpoint yet');
  return c;
}

/** GET /evidence/consistency: the same for lines (signed) and for anyone (public). */
function consistencyRoute(app: FastifyInstance, e: EvidenceEndpoints, security?: typeof APP_SECURITY): void {
  app.get<{ Querystring: { from: string; to: string } }>(
    '/evidence/consistency',
    {
      schema: {
        summary: 'Consistency proof between two tree sizes (RFC 9162 §2.1.4)',
        tags: ['evidence'],
        ...(security ? { security } : {}),
        querystring: CONSISTENCY_QUERY,
        response: { 200: CONSISTENCY_SCHEMA },
      },
    },
    async (request) => {
      const from = treeNumber('from', request.query.from);
      const to = treeNumber('to', request.query.to);
      return { from, to, hashes: b64(await e.log.proveConsistency(from, to)) };
    },
  );
}

export function evidenceRoutes(deps: HttpDeps, options: LineRouteOptions = {}) {
  const e = deps.evidence!;
  return async (app: FastifyInstance) => {
    app.addHook('preValidation', lineAuth(deps.authenticator, options));

    app.get(
      '/evidence/checkpoint',
      {
        schema: {
          summary: "The evidence log's latest signed checkpoint",
          tags: ['evidence'],
          security: APP_SECURITY,
          response: { 200: CHECKPOINT_SCHEMA },
        },
      },
      async () => {
        const c = await latest(e);
        return {
          treeSize: c.treeSize,
          rootHash: c.rootHash.toString('base64'),
          note: c.note,
          createdAt: c.createdAt,
          logKey: await e.keys.verifierKey(),
          anchors: c.anchors,
        };
      },
    );

    app.get<{ Querystring: { leafIndex: string; treeSize?: string } }>(
      '/evidence/inclusion',
      {
        schema: {
          summary: "Inclusion proof of one of the line's events (RFC 9162 §2.1.3)",
          description: 'Without treeSize: against the latest checkpoint.',
          tags: ['evidence'],
          security: APP_SECURITY,
          querystring: {
            type: 'object',
            additionalProperties: false,
            required: ['leafIndex'],
            properties: { leafIndex: SIZE, treeSize: SIZE },
          },
          response: {
            200: {
              type: 'object',
              properties: {
                leafIndex: { type: 'integer' },
                treeSize: { type: 'integer' },
                leaf: { type: 'string', description: 'the canonical JSON the leaf hash is over' },
                hashes: HASHES,
              },
            },
          },
        },
      },
      async (request) => {
        const leafIndex = treeNumber('leafIndex', request.query.leafIndex);
        const leaf = await e.log.leaf(leafIndex, businessLineOf(request).id);
        if (!leaf)
          throw new HetongError(
            'EVIDENCE_LEAF_NOT_FOUND',
            404,
            `leaf ${leafIndex} is not an event of this business line`,
          );
        const treeSize = treeNumber('treeSize', request.query.treeSize) ?? (await latest(e)).treeSize;
        return { leafIndex, treeSize, leaf, hashes: b64(await e.log.proveInclusion(leafIndex, treeSize)) };
      },
    );

    consistencyRoute(app, e, APP_SECURITY);

    app.get<{ Params: { id: string } }>(
      '/contracts/:id/evidence',
      {
        schema: {
          summary: "A contract's evidence package (ZIP), checkable offline with `hetong evidence verify`",
          tags: ['evidence'],
          security: APP_SECURITY,
          params: ID_PARAMS,
        },
      },
      async (request, reply) => {
        const zip = await e.packages.build(businessLineOf(request).id, request.params.id);
        return reply
          .type('application/zip')
          .header('content-disposition', `attachment; filename="evidence-${request.params.id}.zip"`)
          .send(Buffer.from(zip));
      },
    );
  };
}

/** Unauthenticated: what witnesses and auditors fetch. */
export function publicEvidenceRoutes(deps: HttpDeps) {
  const e = deps.evidence!;
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { from?: string } }>(
      '/evidence/checkpoint',
      {
        schema: {
          summary:
            'The latest checkpoint (text/plain signed note); with from=N preceded by the consistency proof from N',
          tags: ['evidence'],
          querystring: { type: 'object', additionalProperties: false, properties: { from: SIZE } },
        },
      },
      async (request, reply) => {
        const c = await latest(e);
        reply.type('text/plain; charset=utf-8').header('cache-control', 'no-store');
        const from = treeNumber('from', request.query.from);
        if (from === undefined) return c.note;
        if (from > c.treeSize)
          throw new HetongError(
            'TREE_SIZE_BEYOND_LOG',
            400,
            `the latest checkpoint has ${c.treeSize} leaves, fewer than ${from}`,
          );
        const proof = b64(await e.log.proveConsistency(from, c.treeSize));
        return `old ${from}\n${proof.map((h) => `${h}\n`).join('')}\n${c.note}`;
      },
    );

    app.get(
      '/evidence/key',
      { schema: { summary: "The log's verifier key (C2SP signed-note)", tags: ['evidence'] } },
      async (_request, reply) =>
        reply.type('text/plain; charset=utf-8').send((await e.keys.verifierKey()) + '\n'),
    );

    consistencyRoute(app, e);
  };
}
