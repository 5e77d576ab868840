/**
 * The console's certificate API (/admin/api/certificates): every role lists and downloads, only
 * admins revoke; a revocation is audited, in the next CRL (openssl reads it), and refused twice.
 */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openssl, scratch } from '../../pki/test-support/openssl.js';
import { testDialects } from '../../store/testing.js';
import { adminSession, type AdminSession } from '../../../test/e2e/helpers.js';
import { createTestApp, type TestApp } from '../testing.js';

const dialects = await testDialects();

describe.each(dialects)('certificate routes on %s', (dialect) => {
  let t: TestApp;
  let operator: AdminSession;
  let admin: AdminSession;
  const serials: string[] = [];
  const inject = (o: InjectOptions) => t.app.server.inject(o);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const ca = await t.app.services.ca();
    for (const subject of [
      { kind: 'person' as const, name: '张三', idType: 'ID_CARD', idNumber: '11010519491231002X' },
      {
        kind: 'organisation' as const,
        name: '示例科技有限公司',
        idType: 'USCC',
        idNumber: '91350100M000100Y43',
      },
      { kind: 'person' as const, name: '李四', idType: 'user_id', idNumber: 'u-42' },
    ]) {
      const key = await ca.issueEventKey(subject, 'ECDSA-P256');
      serials.push(key.serialNumber!);
    }
    [operator, admin] = await Promise.all([adminSession(t, 'operator'), adminSession(t, 'admin')]);
  });
  afterAll(async () => t?.dispose());

  it('lists newest first by cursor, masks ID-card numbers, finds by name or serial', async () => {
    const first = await inject({
      method: 'GET',
      url: '/admin/api/certificates?limit=2',
      headers: operator.headers,
    });
    expect(first.statusCode).toBe(200);
    const page1 = first.json() as {
      items: { serial: string; subject: { name: string; id: string } }[];
      nextCursor: string;
    };
    expect(page1.items).toHaveLength(2);
    const second = await inject({
      method: 'GET',
      url: `/admin/api/certificates?limit=2&cursor=${page1.nextCursor}`,
      headers: operator.headers,
    });
    const page2 = second.json() as typeof page1;
    expect(page2.nextCursor).toBeNull();
    // Every certificate once across the pages (ties of notBefore are ordered by serial).
    const all = [...page1.items, ...page2.items];
    expect(all.map((c) => c.serial).sort()).toEqual([...serials].sort());
    expect(all.find((c) => c.subject.name === '张三')).toMatchObject({
      subject: { id: '110***********002X' },
      status: 'valid',
      kind: 'event',
    });
    expect(all.find((c) => c.subject.name === '李四')!.subject.id).toBe('u-42');
    // The API's one spelling, whatever the PKI's own type says.
    expect(all.find((c) => c.subject.name === '示例科技有限公司')!.subject).toEqual({
      kind: 'organization',
      name: '示例科技有限公司',
      idType: 'USCC',
      id: '91350100M000100Y43',
    });
    const byName = await inject({
      method: 'GET',
      url: `/admin/api/certificates?q=${encodeURIComponent('示例科技')}`,
      headers: operator.headers,
    });
    expect(byName.json().items.map((c: { serial: string }) => c.serial)).toEqual([serials[1]]);
    const bySerial = await inject({
      method: 'GET',
      url: `/admin/api/certificates?q=${serials[2]!.toUpperCase()}`,
      headers: operator.headers,
    });
    expect(bySerial.json().items.map((c: { serial: string }) => c.serial)).toEqual([serials[2]]);
    const bad = await inject({
      method: 'GET',
      url: '/admin/api/certificates?cursor=nonsense',
      headers: operator.headers,
    });
    expect(bad.json().error.code).toBe('CURSOR_INVALID');
    expect((await inject({ method: 'GET', url: '/admin/api/certificates' })).statusCode).toBe(401);
  });

  it('downloads a certificate openssl reads', async () => {
    const res = await inject({
      method: 'GET',
      url: `/admin/api/certificates/${serials[0]}/certificate.cer`,
      headers: operator.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pkix-cert');
    const s = scratch();
    const text = openssl(
      'x509',
      '-inform',
      'DER',
      '-in',
      s.file('c.cer', res.rawPayload),
      '-noout',
      '-serial',
    ).out;
    expect(text.toLowerCase()).toContain(serials[0]!.replace(/^0+/, ''));
    const missing = await inject({
      method: 'GET',
      url: '/admin/api/certificates/abcdef/certificate.cer',
      headers: operator.headers,
    });
    expect(missing.statusCode).toBe(404);
  });

  it('lets only admins revoke, with a reason; audited, in the CRL, refused twice', async () => {
    const url = `/admin/api/certificates/${serials[1]}/revoke`;
    const payload = { reason: 'keyCompromise', note: '私钥疑似泄露' };
    expect((await inject({ method: 'POST', url, headers: operator.headers, payload })).statusCode).toBe(403);
    const bad = await inject({
      method: 'POST',
      url,
      headers: admin.headers,
      payload: { reason: 'cACompromise' },
    });
    expect(bad.statusCode).toBe(400);
    const done = await inject({ method: 'POST', url, headers: admin.headers, payload });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({
      serial: serials[1],
      status: 'revoked',
      revocationReason: 'keyCompromise',
    });
    const again = await inject({ method: 'POST', url, headers: admin.headers, payload });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('CA_CERTIFICATE_ALREADY_REVOKED');
    const unknown = await inject({
      method: 'POST',
      url: '/admin/api/certificates/abcdef01/revoke',
      headers: admin.headers,
      payload,
    });
    expect(unknown.json().error.code).toBe('CA_CERTIFICATE_NOT_FOUND');

    const crl = await inject({ method: 'GET', url: '/pki/crl/issuing.crl' });
    const s = scratch();
    const text = openssl(
      'crl',
      '-inform',
      'DER',
      '-in',
      s.file('i.crl', crl.rawPayload),
      '-noout',
      '-text',
    ).out;
    expect(text.toLowerCase()).toContain(serials[1]!.replace(/^0+/, '').toLowerCase());
    expect(text).toContain('Key Compromise');

    const events = await t.app.services.audit.forTarget(serials[1]!);
    expect(events).toEqual([
      expect.objectContaining({
        action: 'certificate.revoked',
        details: { reason: 'keyCompromise', note: '私钥疑似泄露' },
      }),
    ]);
    expect(events[0]!.actor).toMatch(/^admin:/);
  });
});
