import { X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openBuiltinCa } from '../ca/builtin-ca.js';
import { MasterKey } from '../master-key.js';
import { toPem } from '../pem.js';
import { createTestStore, type TestStore } from '../../store/testing.js';
import { DbPkiStore } from './db-pki-store.js';
import { importFilePkiStore } from './db-pki-store-import.js';
import { FilePkiStore } from './file-pki-store.js';

const opened: TestStore[] = [];
afterAll(async () => Promise.all(opened.map((t) => t.dispose())));

it('carries a file CA into the database: same root, custody keys usable, revocations kept, CRL numbers increase', async () => {
  const t = await createTestStore('sqlite');
  opened.push(t);
  const masterKey = MasterKey.fromBytes(new Uint8Array(32).fill(5));
  const open = (store: FilePkiStore | DbPkiStore) =>
    openBuiltinCa({ store, masterKey, publicUrl: 'http://x', rsaPoolSize: 0 });
  const fileCa = await open(new FilePkiStore(t.dataDir));
  const subject = {
    kind: 'organisation' as const,
    name: '示例公司',
    idType: 'USCC',
    idNumber: '91330100MA2XXXXX0Q',
  };
  const kept = await fileCa.issueLongLived(subject, 'ECDSA-P256');
  const revoked = await fileCa.issueLongLived(subject, 'ECDSA-P256');
  await fileCa.revoke(revoked.serialNumber, 'superseded');
  await fileCa.crl('issuing');
  await fileCa.crl('issuing');
  fileCa.close();

  const db = new DbPkiStore(t.store.db);
  const result = await importFilePkiStore(t.dataDir, db);
  expect(result).toMatchObject({ imported: true, certificates: 2, custodyKeys: 2, revocations: 1 });
  // Nothing more to do once the database has the CA.
  expect((await importFilePkiStore(t.dataDir, db)).imported).toBe(false);

  const dbCa = await open(db);
  try {
    expect(Buffer.from(dbCa.rootCertificate()).equals(Buffer.from(fileCa.rootCertificate()))).toBe(true);
    const key = await dbCa.signingKey(kept.serialNumber);
    expect(Buffer.from(key.certificate).equals(Buffer.from(kept.certificate))).toBe(true);
    const crl = await dbCa.crl('issuing');
    const dir = t.dataDir;
    writeFileSync(join(dir, 'i.crl'), crl);
    writeFileSync(join(dir, 'issuing.pem'), toPem(dbCa.issuingCertificate(), 'CERTIFICATE'));
    const text = execFileSync(
      'openssl',
      ['crl', '-inform', 'DER', '-in', join(dir, 'i.crl'), '-noout', '-text'],
      {
        encoding: 'utf8',
      },
    );
    expect(text.toLowerCase()).toContain(revoked.serialNumber.toLowerCase());
    // The database continues the file store's CRL numbering (RFC 5280 §5.2.3: monotonic).
    const fileNumber = Number(readFileSync(join(dir, 'pki', 'counters', 'crl-number_issuing'), 'utf8'));
    expect(fileNumber).toBeGreaterThanOrEqual(1);
    expect(/X509v3 CRL Number:\s*\n\s*(\d+)/.exec(text)?.[1]).toBe(String(fileNumber + 1));
    expect(new X509Certificate(Buffer.from(dbCa.issuingCertificate())).ca).toBe(true);
  } finally {
    dbCa.close();
  }
});
