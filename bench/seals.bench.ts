/**
 * Seals section: rendering a round organisation seal and a square name seal (text as glyph
 * outlines, resvg without fonts), and the built-in CA on the database store (DbPkiStore on SQLite):
 * issuing an event certificate and a CRL counter.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DbPkiStore, MasterKey, openBuiltinCa } from '../src/pki/index.js';
import { renderRoundSeal, renderSquareSeal } from '../src/seals/index.js';
import { openStore } from '../src/store/database.js';
import { printTable, timeSerial, type LatencySummary } from './stats.js';

export async function run(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  const rows: LatencySummary[] = [];
  const names = ['杭州合同科技有限公司', '上海示例贸易有限公司', '北京某某网络技术有限公司'];
  const round = await timeSerial('round seal 42 mm @300 dpi (name, purpose, number)', quick ? 20 : 200, (i) =>
    renderRoundSeal({ name: names[i % 3]!, purpose: '合同专用章', number: `33010000${10000 + i}` }),
  );
  round.note = 'fonts parsed once per process (warm-up)';
  rows.push(round);
  rows.push(
    await timeSerial('square name seal 18 mm @300 dpi', quick ? 20 : 200, (i) =>
      renderSquareSeal({ name: ['张三', '李小明', '欧阳娜娜'][i % 3]! }),
    ),
  );

  const dataDir = mkdtempSync(join(tmpdir(), 'hetong-bench-seals-'));
  const store = openStore({ dataDir });
  await store.migrate();
  const pki = new DbPkiStore(store.db);
  const ca = await openBuiltinCa({
    store: pki,
    masterKey: MasterKey.fromBytes(randomBytes(32)),
    publicUrl: 'http://localhost:8080',
    rsaPoolSize: 0,
  });
  const subject = { kind: 'person' as const, name: '张三', idType: 'USER_ID', idNumber: 'u-10086' };
  rows.push(
    await timeSerial('issue event cert ECDSA P-256, DbPkiStore (SQLite)', quick ? 100 : 1000, () =>
      ca.issueEventKey(subject, 'ECDSA-P256'),
    ),
  );
  rows.push(
    await timeSerial('DbPkiStore.nextCounter (SQLite upsert)', quick ? 200 : 2000, () =>
      pki.nextCounter('bench'),
    ),
  );
  ca.close();
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
  printTable('Seals and the database CA', rows);
}
