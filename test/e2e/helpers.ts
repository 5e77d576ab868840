/**
 * Whole-slice test support: a test app, a legal reviewer's admin session, the bench template and
 * its data, and pdftotext.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { TestApp } from '../../src/http/testing.js';
import { SYSTEM_ACTOR } from '../../src/tenancy/context.js';
import { BENCH_DIR } from '../shared-bench.js';

export { BENCH_DIR };
export const STANDARD_DOCX = new Uint8Array(readFileSync(join(BENCH_DIR, 'standard-contract.docx')));
export const BENCH_DATA = JSON.parse(
  readFileSync(join(BENCH_DIR, 'standard-contract.data.json'), 'utf8'),
) as Record<string, unknown>[];

export const SIGNERS = [
  {
    role: '甲方',
    subject: {
      kind: 'organization' as const,
      idType: 'merchant_no',
      id: 'M-1001',
      name: '上海浦江数字科技有限公司',
    },
  },
  { role: '乙方', subject: { kind: 'person' as const, idType: 'user_id', id: 'U-2002', name: '张三' } },
];

export interface AdminSession {
  headers: { cookie: string; 'x-csrf-token': string };
}

let n = 0;

/** A fresh admin account of `role`, logged in through the admin API. */
export async function adminSession(t: TestApp, role: 'legal' | 'operator' | 'admin'): Promise<AdminSession> {
  const username = `${role}${++n}${randomBytes(3).toString('hex')}`;
  const password = `pw-${role}-0123456789`;
  await t.app.services.admin.createAccount({ username, password, role }, SYSTEM_ACTOR);
  const res = await t.app.server.inject({
    method: 'POST',
    url: '/admin/api/login',
    payload: { username, password },
    remoteAddress: `10.9.${n % 250}.1`,
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
  const cookies = res.cookies as unknown as { name: string; value: string }[];
  return {
    headers: {
      cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      'x-csrf-token': (res.json() as { csrfToken: string }).csrfToken,
    },
  };
}

export function review(
  t: TestApp,
  s: AdminSession,
  versionId: string,
  decision: 'approve' | 'reject',
  reason?: string,
) {
  return t.app.server.inject({
    method: 'POST',
    url: `/admin/api/template-versions/${versionId}/${decision}`,
    headers: s.headers,
    payload: reason ? { reason } : {},
  });
}

/** The text of a PDF as poppler's pdftotext reads it. */
export function pdfText(pdf: Uint8Array): string {
  const file = join(tmpdir(), `hetong-e2e-${randomBytes(6).toString('hex')}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}
