import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing.js';

/**
 * The /pki routes of a running service (a real listening socket) publish the database-backed CA:
 * openssl accepts the RFC 3161 reply, the CA certificates and the CRL fetched over HTTP.
 */
describe('PKI routes of the running service (database CA, real HTTP, openssl)', () => {
  let t: TestApp;
  let base: string;
  const dir = mkdtempSync(join(tmpdir(), 'hetong-pki-http-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { encoding: 'utf8', stdio: 'pipe' });
  const get = async (path: string) => {
    const res = await fetch(base + path);
    expect(res.status).toBe(200);
    return { type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
  };

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    const address = await t.app.server.listen({ port: 0, host: '127.0.0.1' });
    base = address;
    for (const name of ['root', 'issuing'] as const) {
      const cer = await get(`/pki/ca/${name}.cer`);
      expect(cer.type).toBe('application/pkix-cert');
      writeFileSync(join(dir, `${name}.cer`), cer.body);
      openssl('x509', '-inform', 'DER', '-in', join(dir, `${name}.cer`), '-out', join(dir, `${name}.pem`));
    }
  });
  afterAll(() => t.dispose());

  it('serves the CA of the database: the root over HTTP is the one the service signs with', async () => {
    const ca = await t.app.services.ca();
    expect((await get('/pki/ca/root.cer')).body.equals(Buffer.from(ca.rootCertificate()))).toBe(true);
    expect(await t.app.services.pkiStore.getCaMaterial()).toBeDefined();
    const verified = openssl('verify', '-CAfile', join(dir, 'root.pem'), join(dir, 'issuing.pem'));
    expect(verified).toContain('OK');
  });

  it('answers an openssl timestamp query that openssl ts -verify accepts', async () => {
    const data = join(dir, 'data.txt');
    writeFileSync(data, '合同 contract bytes');
    openssl('ts', '-query', '-data', data, '-sha256', '-cert', '-out', join(dir, 'req.tsq'));
    const res = await fetch(`${base}/pki/tsa`, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: new Uint8Array(readFileSync(join(dir, 'req.tsq'))),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/timestamp-reply');
    writeFileSync(join(dir, 'resp.tsr'), Buffer.from(await res.arrayBuffer()));
    const out = openssl(
      'ts',
      '-verify',
      '-in',
      join(dir, 'resp.tsr'),
      '-data',
      data,
      '-CAfile',
      join(dir, 'root.pem'),
      '-untrusted',
      join(dir, 'issuing.pem'),
    );
    expect(out).toContain('Verification: OK');
  });

  it('publishes a CRL openssl verifies, listing a certificate revoked in the service', async () => {
    const ca = await t.app.services.ca();
    const issued = await ca.issueLongLived(
      { kind: 'organisation', name: '示例公司', idType: 'USCC', idNumber: '91330100MA2XXXXX0Q' },
      'ECDSA-P256',
    );
    await ca.revoke(issued.serialNumber, 'keyCompromise');
    const crl = await get('/pki/crl/issuing.crl');
    expect(crl.type).toBe('application/pkix-crl');
    writeFileSync(join(dir, 'issuing.crl'), crl.body);
    const run = spawnSync(
      'openssl',
      [
        'crl',
        '-inform',
        'DER',
        '-in',
        join(dir, 'issuing.crl'),
        '-CAfile',
        join(dir, 'issuing.pem'),
        '-noout',
        '-text',
      ],
      { encoding: 'utf8' },
    );
    expect(run.stderr + run.stdout).toContain('verify OK');
    const text = run.stdout;
    expect(text.toLowerCase()).toContain(issued.serialNumber.toLowerCase());
    expect(text).toContain('Key Compromise');
  });
});
