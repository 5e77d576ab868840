/**
 * PKI section: issuing event certificates (ECDSA P-256, RSA-2048 from the pre-generated pool and
 * without it) and RFC 3161 tokens from the in-process TSA (`timestamp()` as PAdES signing uses it,
 * and the HTTP handler with request parsing).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FilePkiStore, MasterKey, MemoryPkiStore, openBuiltinCa } from '../src/pki/index.js';
import { printTable, summarize, timeSerial, type LatencySummary } from './stats.js';
import { integer, octetString, oid, sequence, boolean } from '../src/pki/asn1/der.js';
import { OID } from '../src/pki/asn1/oids.js';

export async function run(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  const ca = await openBuiltinCa({
    store: new MemoryPkiStore(),
    masterKey: MasterKey.fromBytes(randomBytes(32)),
    publicUrl: 'http://localhost:8080',
    rsaPoolSize: 4,
  });
  const subject = { kind: 'person' as const, name: '张三', idType: 'USER_ID', idNumber: 'u-10086' };
  const rows: LatencySummary[] = [];

  rows.push(
    await timeSerial('issue event cert ECDSA P-256 (+key)', quick ? 200 : 2000, () =>
      ca.issueEventKey(subject, 'ECDSA-P256'),
    ),
  );

  const dataDir = mkdtempSync(join(tmpdir(), 'hetong-bench-pki-'));
  const onFiles = await openBuiltinCa({
    store: new FilePkiStore(dataDir),
    masterKey: MasterKey.fromBytes(randomBytes(32)),
    publicUrl: 'http://localhost:8080',
    rsaPoolSize: 0,
  });
  rows.push(
    await timeSerial('issue event cert ECDSA P-256, FilePkiStore', quick ? 100 : 1000, () =>
      onFiles.issueEventKey(subject, 'ECDSA-P256'),
    ),
  );
  rmSync(dataDir, { recursive: true, force: true });

  // RSA: the pool hides key generation as long as signatures arrive slower than it refills.
  const rsaSamples: number[] = [];
  const rsaCount = quick ? 10 : 40;
  let wall = 0;
  for (let i = 0; i < rsaCount; i++) {
    await ca.rsaPoolFilled();
    const t0 = performance.now();
    await ca.issueEventKey(subject, 'RSA-2048');
    const dt = performance.now() - t0;
    rsaSamples.push(dt);
    wall += dt;
  }
  rows.push(
    summarize('issue event cert RSA-2048 (pool hit)', rsaSamples, wall, 'pool of 4 refilled between runs'),
  );
  const noPool = await openBuiltinCa({
    store: new MemoryPkiStore(),
    masterKey: MasterKey.fromBytes(randomBytes(32)),
    publicUrl: 'http://localhost:8080',
    rsaPoolSize: 0,
  });
  rows.push(
    await timeSerial(
      'issue event cert RSA-2048 (no pool)',
      quick ? 5 : 20,
      () => noPool.issueEventKey(subject, 'RSA-2048'),
      2,
    ),
  );

  const digest = createHash('sha256').update('signature value').digest();
  rows.push(
    await timeSerial('TSA token, timestamp() in-process', quick ? 1000 : 10000, () =>
      ca.tsa.timestamp(digest),
    ),
  );
  const request = sequence(
    integer(1),
    sequence(sequence(oid(OID.sha256)), octetString(digest)),
    integer(0x1234567890n),
    boolean(true),
  );
  rows.push(
    await timeSerial('TSA over HTTP body: handleTimestampRequest', quick ? 1000 : 10000, () =>
      ca.handleTimestampRequest(request),
    ),
  );
  const key = await ca.issueEventKey(subject, 'ECDSA-P256');
  rows.push(
    await timeSerial('sign 32 bytes, ECDSA P-256 event key', quick ? 1000 : 10000, () => key.sign(digest)),
  );
  rows.push(await timeSerial('issuing CRL (cached)', quick ? 200 : 2000, () => ca.crl('issuing')));

  printTable('pki — built-in CA and TSA (single thread)', rows);
  ca.close();
  noPool.close();
}
