import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MasterKey } from '../../pki/master-key.js';
import { createTestStore, testDialects, type TestStore } from '../../store/testing.js';
import { AuditTrail, leafEventOf } from '../audit.js';
import { leafData } from './leaf.js';
import { LogKeys } from './log-key.js';
import { LogStore } from './log-store.js';
import { hashLeaf, verifyConsistency, verifyInclusion } from './merkle.js';
import { openNote, parseCheckpoint, parseVerifierKey } from './note.js';
import { TransparencyLog } from './transparency-log.js';

const dialects = await testDialects();

describe.each(dialects)('evidence log on %s', (dialect) => {
  let t: TestStore;
  let audit: AuditTrail;
  let log: TransparencyLog;
  let keys: LogKeys;
  let clock = 1_000_000;
  const masterKey = MasterKey.fromBytes(Buffer.alloc(32, 7));

  beforeAll(async () => {
    t = await createTestStore(dialect);
    audit = new AuditTrail(t.store.db, () => clock);
    keys = new LogKeys(t.store.db, masterKey, { publicUrl: 'https://contracts.example.com' });
    log = new TransparencyLog(t.store.db, new LogStore(dialect), keys, { batchSize: 7, now: () => clock });
  });
  afterAll(() => t?.dispose());

  const record = (i: number) =>
    audit.record({
      actor: 'system',
      action: 'test.event',
      target: `t${i % 3}`,
      businessLineId: null,
      details: { i, name: '张三' },
    });

  it('sequences recorded events in batches, proves inclusion and consistency, signs checkpoints', async () => {
    for (let i = 0; i < 20; i++) await record(i);
    const first = await log.integrate({ checkpoint: 'now' });
    expect(first).toMatchObject({ size: 20, added: 20 });
    const vkey = parseVerifierKey(await keys.verifierKey());
    expect(vkey.name).toMatch(/^contracts\.example\.com\/evidence\/[0-9a-f]{8}$/);
    const cp1 = parseCheckpoint(openNote(first.checkpoint!.note, vkey));
    expect(cp1).toMatchObject({ origin: vkey.name, size: 20 });

    // Each event's row rebuilds the leaf the log holds.
    const rows = await t.store.db.selectFrom('audit_events').selectAll().orderBy('leaf_index').execute();
    expect(rows.map((r) => Number(r.leaf_index))).toEqual([...Array(20).keys()]);
    for (const r of rows) {
      const leaf = hashLeaf(Buffer.from(leafData(leafEventOf(r))));
      expect(Buffer.from(leaf).toString('hex')).toBe(r.leaf_hash);
      const proof = await log.proveInclusion(Number(r.leaf_index), 20);
      expect(verifyInclusion(Number(r.leaf_index), 20, leaf, proof, cp1.rootHash)).toBe(true);
    }

    for (let i = 20; i < 45; i++) await record(i);
    clock += 1000;
    // Not due yet: the log grows, the checkpoint waits (at most checkpointEveryMs).
    expect((await log.integrate()).checkpoint).toBeUndefined();
    clock += 30_000;
    const second = await log.integrate();
    expect(second.checkpoint?.treeSize).toBe(45);
    const cp2 = parseCheckpoint(openNote(second.checkpoint!.note, vkey));
    const proof = await log.proveConsistency(20, 45);
    expect(verifyConsistency(20, 45, cp1.rootHash, cp2.rootHash, proof)).toBe(true);
    expect(Buffer.from(await log.rootAt(20))).toEqual(cp1.rootHash);
    // Nothing new: no new checkpoint, never two of one size.
    clock += 60_000;
    expect((await log.integrate({ checkpoint: 'now' })).checkpoint).toBeUndefined();
  });

  it('answers sizes beyond the tree with codes', async () => {
    const { size } = await log.integrate();
    await expect(log.proveInclusion(0, size + 1)).rejects.toMatchObject({
      code: 'TREE_SIZE_BEYOND_LOG',
      status: 400,
    });
    await expect(log.proveInclusion(size, size)).rejects.toMatchObject({ code: 'LEAF_INDEX_BEYOND_TREE' });
    await expect(log.proveConsistency(5, 3)).rejects.toMatchObject({ status: 400 });
  });

  it('refuses to sign a tree that does not extend its last checkpoint', async () => {
    for (let i = 0; i < 3; i++) await record(100 + i);
    // Damage the stored tree: every hash of the first tile changed, as if its leaves had been.
    const tile = await t.store.db
      .selectFrom('log_tiles')
      .selectAll()
      .where('level', '=', 0)
      .where('idx', '=', 0)
      .executeTakeFirstOrThrow();
    const damaged = Buffer.from(tile.hashes);
    for (let at = 0; at < damaged.length; at += 32) damaged[at] = damaged[at]! ^ 1;
    await t.store.db
      .updateTable('log_tiles')
      .set({ hashes: damaged })
      .where('level', '=', 0)
      .where('idx', '=', 0)
      .execute();
    await expect(log.integrate({ checkpoint: 'now' })).rejects.toThrow(/not consistent/);
    await t.store.db
      .updateTable('log_tiles')
      .set({ hashes: Buffer.from(tile.hashes) })
      .where('level', '=', 0)
      .where('idx', '=', 0)
      .execute();
  });

  it('a second node reads the same key rather than making its own', async () => {
    const other = new LogKeys(t.store.db, masterKey, { publicUrl: 'https://elsewhere.example' });
    expect(await other.verifierKey()).toBe(await keys.verifierKey());
  });
});

describe.each(dialects)('evidence log proofs on %s', (dialect) => {
  let t: TestStore;
  let audit: AuditTrail;
  let log: TransparencyLog;
  beforeAll(async () => {
    t = await createTestStore(dialect);
    audit = new AuditTrail(t.store.db);
    const keys = new LogKeys(t.store.db, MasterKey.fromBytes(Buffer.alloc(32, 8)), {
      publicUrl: 'https://contracts.example.com',
    });
    log = new TransparencyLog(t.store.db, new LogStore(dialect), keys);
  });
  afterAll(() => t?.dispose());

  it('keeps full tiles (they never change) for later proofs; partial ones are read each time', async () => {
    for (let i = 0; i < 300; i++)
      await audit.record({
        actor: 'system',
        action: 'test.event',
        target: 't',
        businessLineId: null,
        details: { i },
      });
    const { size } = await log.integrate({ checkpoint: 'now' });
    expect(size).toBeGreaterThan(256);
    const store = (log as unknown as { store: LogStore }).store;
    const read: string[] = [];
    const original = store.loadTiles.bind(store);
    store.loadTiles = async (db, keys) => {
      read.push(...keys.map((k) => `${k.level}/${k.index}`));
      return original(db, keys);
    };
    try {
      const first = await log.proveInclusion(3, size);
      expect(read).toContain('0/0');
      read.length = 0;
      const again = await log.proveInclusion(3, size);
      expect(again).toEqual(first);
      // Tile 0/0 holds leaves 0–255, complete: not read again. The right edge's tile is.
      expect(read).not.toContain('0/0');
      expect(read).toContain('0/1');
    } finally {
      store.loadTiles = original;
    }
  });
});
