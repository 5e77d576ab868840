/**
 * Signing records (签约明细): who signed which contract, how (seal or click-wrap, the intent
 * check), when, from which address and device — as a cursor-paginated list and as a CSV export
 * with the same filters. Subjects' phone numbers and e-mail addresses are masked in both.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { maskEmail, maskPhone } from '../../notify/mask.js';
import {
  SigningRecordRepository,
  type SigningRecordFilter,
  type SigningRecordRow,
} from '../../store/repositories/signing-records.js';
import { businessLineOf, lineAuth, type LineRouteOptions } from '../auth.js';
import type { HttpDeps } from '../deps.js';
import { APP_SECURITY } from '../schemas.js';
import { DIGITS, listOf, PAGE_QUERY } from '../schemas-contracts.js';
import { pageLimit } from './query-params.js';

interface RecordQuery {
  cursor?: string;
  limit?: string;
  signedFrom?: string;
  signedTo?: string;
  method?: 'esign' | 'clickwrap';
  signerId?: string;
  contractId?: string;
}

const FILTERS = {
  signedFrom: DIGITS(16),
  signedTo: DIGITS(16),
  method: { type: 'string', enum: ['esign', 'clickwrap'] },
  signerId: { type: 'string', maxLength: 128 },
  contractId: { type: 'string', maxLength: 64 },
} as const;

const RECORD_SCHEMA = {
  type: 'object',
  properties: {
    signerId: { type: 'string' },
    contractId: { type: 'string' },
    contractTitle: { type: 'string' },
    role: { type: 'string' },
    subject: { type: 'object', additionalProperties: true },
    method: { type: 'string' },
    signedAt: { type: 'integer' },
    via: { type: ['string', 'null'] },
    intent: { type: ['string', 'null'] },
    ip: { type: ['string', 'null'] },
    userAgent: { type: ['string', 'null'] },
    sealId: { type: ['string', 'null'] },
    authorizationId: { type: ['string', 'null'] },
  },
} as const;

/** The most rows one CSV export holds; narrow the time range for more. */
export const CSV_MAX_ROWS = 100_000;

export interface SigningRecordView {
  signerId: string;
  contractId: string;
  contractTitle: string;
  role: string;
  subject: SigningRecordRow['subject'];
  method: string;
  signedAt: number;
  via: string | null;
  intent: string | null;
  ip: string | null;
  userAgent: string | null;
  sealId: string | null;
  authorizationId: string | null;
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function recordView(r: SigningRecordRow): SigningRecordView {
  const s = r.signature;
  const intent = s.intent as { method?: string } | null | undefined;
  return {
    signerId: r.signerId,
    contractId: r.contractId,
    contractTitle: r.contractTitle,
    role: r.role,
    subject: {
      ...r.subject,
      ...(r.subject.mobile ? { mobile: maskPhone(r.subject.mobile) } : {}),
      ...(r.subject.email ? { email: maskEmail(r.subject.email) } : {}),
    },
    method: r.method,
    signedAt: r.signedAt,
    via: text(s.via),
    intent: text(intent?.method),
    ip: text(s.ip),
    userAgent: text(s.userAgent),
    sealId: text(s.sealId),
    authorizationId: text(s.authorizationId),
  };
}

function filterOf(q: RecordQuery): SigningRecordFilter {
  return {
    ...(q.signedFrom ? { signedFrom: Number(q.signedFrom) } : {}),
    ...(q.signedTo ? { signedTo: Number(q.signedTo) } : {}),
    ...(q.method ? { method: q.method } : {}),
    ...(q.signerId ? { signerId: q.signerId } : {}),
    ...(q.contractId ? { contractId: q.contractId } : {}),
  };
}

const CSV_COLUMNS: [string, (r: SigningRecordView) => string | number | null][] = [
  ['signed_at', (r) => new Date(r.signedAt).toISOString()],
  ['contract_id', (r) => r.contractId],
  ['contract_title', (r) => r.contractTitle],
  ['role', (r) => r.role],
  ['signer_name', (r) => r.subject.name],
  ['signer_id_type', (r) => r.subject.idType],
  ['signer_id', (r) => r.subject.id],
  ['method', (r) => r.method],
  ['via', (r) => r.via],
  ['intent', (r) => r.intent],
  ['seal_id', (r) => r.sealId],
  ['authorization_id', (r) => r.authorizationId],
  ['ip', (r) => r.ip],
  ['user_agent', (r) => r.userAgent],
];

/**
 * One CSV field (RFC 4180 §2: quoted when it holds a comma, quote or line break; quotes doubled).
 * A text starting with = + - @ or a tab is prefixed with ' so that a spreadsheet does not run it as
 * a formula (OWASP "CSV injection"): names and titles come from business systems and signers.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(r: SigningRecordView): string {
  return CSV_COLUMNS.map(([, get]) => csvField(get(r))).join(',') + '\r\n';
}

export function signingRecordRoutes(deps: HttpDeps, options: LineRouteOptions = {}) {
  const records = new SigningRecordRepository(deps.store.db);
  return async (app: FastifyInstance) => {
    app.addHook('preValidation', lineAuth(deps.authenticator, options));

    app.get<{ Querystring: RecordQuery }>(
      '/signing-records',
      {
        schema: {
          summary: 'Signing records (签约明细): every signature and click-wrap, newest first',
          description:
            'Filters: signedFrom/signedTo (ms), method, signerId (the subject id), contractId. ' +
            'Phone numbers and e-mail addresses of subjects are masked.',
          tags: ['sign flows'],
          security: APP_SECURITY,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { ...PAGE_QUERY, ...FILTERS },
          },
          response: { 200: listOf(RECORD_SCHEMA) },
        },
      },
      async (request) => {
        const q = request.query;
        const page = await records.list(businessLineOf(request).id, filterOf(q), {
          ...(q.cursor ? { cursor: q.cursor } : {}),
          limit: pageLimit(q.limit),
        });
        return { items: page.items.map(recordView), nextCursor: page.nextCursor };
      },
    );

    app.get<{ Querystring: Omit<RecordQuery, 'cursor' | 'limit'> }>(
      '/signing-records.csv',
      {
        schema: {
          summary: 'Signing records as CSV (UTF-8 with BOM, for spreadsheets), the same filters',
          description: `At most ${CSV_MAX_ROWS.toLocaleString('en')} rows, newest first; narrow signedFrom/signedTo for more.`,
          tags: ['sign flows'],
          security: APP_SECURITY,
          produces: ['text/csv'],
          querystring: { type: 'object', additionalProperties: false, properties: FILTERS },
        },
      },
      async (request, reply) => {
        const lineId = businessLineOf(request).id;
        const filter = filterOf(request.query);
        // Pages of 1,000 streamed as they are read: memory stays flat whatever the export's size.
        async function* lines() {
          yield '\ufeff' + CSV_COLUMNS.map(([name]) => name).join(',') + '\r\n';
          let cursor: string | undefined;
          let rows = 0;
          do {
            const page = await records.list(lineId, filter, { ...(cursor ? { cursor } : {}), limit: 1000 });
            yield page.items.map((r) => csvLine(recordView(r))).join('');
            rows += page.items.length;
            cursor = page.nextCursor ?? undefined;
          } while (cursor && rows < CSV_MAX_ROWS);
        }
        const day = new Date().toISOString().slice(0, 10);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="signing-records-${day}.csv"`)
          .send(Readable.from(lines()));
      },
    );
  };
}
