import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MasterKey } from '../../pki/master-key.js';
import { openssl, scratch } from '../../pki/test-support/openssl.js';
import { startTestTsa, type TestTsa } from '../../pki/test-support/tsa-server.js';
import { HttpTimestampAuthority } from '../../pki/tsa/client.js';
import { createTestStore, testDialects, type TestStore } from '../../store/testing.js';
import { AuditTrail } from '../audit.js';
import { CheckpointAnchoring } from './anchoring.js';
import { LogKeys } from './log-key.js';
import { LogStore } from './log-store.js';
import { startTestWitness, type TestWitness } from './testing/witness-server.js';
import { TransparencyLog } from './transparency-log.js';
import { WitnessClient } from './witness.js';

const dialects = await testDialects();

describe.each(dialects)('checkpoint anchoring on %s', (dialect) => {
  let t: TestStore;
  let audit: AuditTrail;
  let log: TransparencyLog;
  let keys: LogKeys;
  let tsa: TestTsa;
  let witness: TestWitness;
  let clock = 5_000_000;

  beforeAll(async () => {
    t = await createTestStore(dialect);
    audit = new AuditTrail(t.store.db, () => clock);
    keys = new LogKeys(t.store.db, MasterKey.fromBytes(Buffer.alloc(32, 9)), {
      publicUrl: 'https://contracts.example.com',
    });
    log = new TransparencyLog(t.store.db, new LogStore(dialect), keys, { now: () => clock });
    tsa = await startTestTsa();
    witness = await startTestWitness(await keys.verifierKey());
  });
  afterAll(async () => {
    await tsa?.close();
    await witness?.close();
    await t?.dispose();
  });

  const grow = async (n: number) => {
    for (let i = 0; i < n; i++)
      await audit.record({ actor: 'system', action: 'test.event', target: 't', businessLineId: null });
    clock += 60_000;
    return (await log.integrate({ checkpoint: 'now' })).checkpoint!;
  };

  it('timestamps the newest checkpoint at a TSA and has witnesses cosign it, once', async () => {
    const anchoring = new CheckpointAnchoring({
      log,
      tsa: new HttpTimestampAuthority(tsa.url),
      witnesses: [new WitnessClient(witness.url)],
      now: () => clock,
    });
    const c1 = await grow(5);
    const anchors = (await anchoring.anchorLatest())!;
    expect(anchors.map((a) => [a.kind, a.ok, a.error])).toEqual([
      ['tsa', true, undefined],
      ['witness', true, undefined],
    ]);
    expect(anchors[1]!.response).toMatch(/^— witness\.test\/w1 /);
    expect(witness.seen.size).toBe(c1.treeSize);
    // Stored with the checkpoint, and not anchored twice.
    expect((await log.latestCheckpoint())!.anchors).toEqual(anchors);
    expect(await anchoring.anchorLatest()).toBeUndefined();

    // The TSA's reply is over SHA-256 of the signed note; openssl agrees, against the TSA's root.
    const s = scratch();
    const out = openssl(
      'ts',
      '-verify',
      '-data',
      s.file('checkpoint.txt', c1.note),
      '-in',
      s.file('a.tsr', Buffer.from(anchors[0]!.response!, 'base64')),
      '-CAfile',
      s.pem('root.pem', tsa.ca.rootCertificate()),
      '-untrusted',
      s.pem('issuing.pem', tsa.ca.issuingCertificate()),
    ).out;
    expect(out).toContain('Verification: OK');

    // The log grows: the witness gets a consistency proof from what it saw.
    const c2 = await grow(9);
    await anchoring.anchorLatest();
    expect(witness.requests.at(-1)).toMatch(new RegExp(`^old ${c1.treeSize}\\n[A-Za-z0-9+/=]+\\n`));
    expect(witness.seen.size).toBe(c2.treeSize);

    // A node that restarted knows nothing: the witness's 409 tells it where to prove from.
    const c3 = await grow(3);
    const restarted = new CheckpointAnchoring({ log, witnesses: [new WitnessClient(witness.url)] });
    const [w] = (await restarted.anchorLatest())!;
    expect(w).toMatchObject({ kind: 'witness', ok: true });
    expect(witness.requests.slice(-2).map((r) => r.split('\n')[0])).toEqual(['old 0', `old ${c2.treeSize}`]);
    expect(witness.seen.size).toBe(c3.treeSize);
    // The package's checkpoint for an early leaf is the first anchored one that holds it.
    expect((await log.checkpointFor(0)).treeSize).toBe(c1.treeSize);
  });

  it('records a failure without failing, and tries again after retryMs', async () => {
    const dead = createServer((_q, res) => res.writeHead(500).end('down'));
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(dead.address() as AddressInfo).port}/`;
    const anchoring = new CheckpointAnchoring({
      log,
      tsa: new HttpTimestampAuthority(url),
      witnesses: [new WitnessClient(url)],
      retryMs: 60_000,
      now: () => clock,
    });
    await grow(2);
    const anchors = (await anchoring.anchorLatest())!;
    expect(anchors.map((a) => [a.kind, a.ok])).toEqual([
      ['tsa', false],
      ['witness', false],
    ]);
    expect(anchors[0]!.error).toBe('the TSA answered HTTP 500');
    expect(anchors[1]!.error).toBe('the witness refused with HTTP 500: down');
    expect(await anchoring.anchorLatest()).toBeUndefined();
    clock += 60_000;
    expect(await anchoring.anchorLatest()).toHaveLength(2);
    dead.closeAllConnections();
    dead.close();
  });
});
