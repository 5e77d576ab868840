/**
 * Crash safety of signing (issue 9 "Safety"): a child process signing contract after contract is
 * killed with SIGKILL at random points, several times over the same data. After every kill, each
 * stored document is before or after a signature, never between: its blob is whole, it carries
 * exactly the signatures its revision rows account for, and exactly as many as its signers' states
 * say were signed; a contract is completed only when everyone signed, and then its documents carry
 * the DSS and the document timestamp (B-LTA). Finally the work left over is finished in this
 * process, as a restarted node would, and the same holds with every contract completed.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { openServices, type Services } from '../../src/app/container.js';
import { verifyPdf, type VerificationReport } from '../../src/signing/index.js';
import { runAndKill } from '../../src/store/crash-harness.js';
import { createTestStore, type TestStore } from '../../src/store/testing.js';
import { CLI_ACTOR } from '../../src/tenancy/context.js';
import { BENCH_DATA, STANDARD_DOCX } from './helpers.js';

const fixture = join(import.meta.dirname, 'sign-crash-writer.fixture.ts');
/** Contracts of two signers each: even ones sign in parallel, odd ones in order. */
const CONTRACTS = 16;
/**
 * Each run acknowledges 1–3 operations, starts one more and is killed within MAX_KILL_DELAY_MS
 * of its last ack: at most 4 of the 32 signatures per run, so all 8 runs have work to cut short.
 */
const ROUNDS = 8;
/** A signature takes 15–25 ms here (a few times more on a loaded machine). */
const MAX_KILL_DELAY_MS = 30;

const open = (t: TestStore) =>
  openServices(loadConfig({ HETONG_DATA_DIR: t.dataDir, HETONG_LOG_LEVEL: 'warn' }), {
    store: t.reopen(),
    rsaPoolSize: 0,
    log: () => undefined,
  });

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Occurrences of `/ByteRange` in the file: one per signature dictionary ever written. */
function byteRanges(pdf: Uint8Array): number {
  return Buffer.from(pdf).toString('latin1').split('/ByteRange').length - 1;
}

/** The verifier's report; an unsigned PDF (which verifyPdf refuses) has no signatures. */
function verify(
  pdf: Uint8Array,
  anchors: Uint8Array[],
): Pick<VerificationReport, 'valid' | 'signatures' | 'dss'> {
  if (byteRanges(pdf) === 0) return { valid: false, signatures: [] };
  return verifyPdf(pdf, { trustAnchors: anchors });
}

function* blobFiles(root: string): Generator<{ name: string; path: string }> {
  for (const a of readdirSync(root)) {
    if (!/^[0-9a-f]{2}$/.test(a)) continue;
    for (const b of readdirSync(join(root, a)))
      for (const name of readdirSync(join(root, a, b))) yield { name, path: join(root, a, b, name) };
  }
}

interface Tally {
  signed: number;
  completed: number;
  /**
   * The acks a writer will still print: one per signer not yet signed (the last signature
   * completes its contract inline), one per contract whose completion was cut off.
   */
  acksLeft: number;
}

/**
 * Checks every invariant over the whole data directory; returns what is signed and completed.
 */
async function checkAll(services: Services, lineId: string, anchors: Uint8Array[]): Promise<Tally> {
  const db = services.store.db;
  const tally: Tally = { signed: 0, completed: 0, acksLeft: 0 };
  const contracts = await db
    .selectFrom('contracts')
    .selectAll()
    .where('business_line_id', '=', lineId)
    .orderBy('created_at')
    .execute();
  expect(contracts).toHaveLength(CONTRACTS);
  for (const [i, c] of contracts.entries()) {
    const at = `contract ${i} (${c.id})`;
    const signers = await db
      .selectFrom('contract_signers')
      .selectAll()
      .where('contract_id', '=', c.id)
      .orderBy('position')
      .execute();
    const signed = signers.filter((s) => s.status === 'signed');
    const completed = c.status === 'completed';
    tally.signed += signed.length;
    tally.completed += completed ? 1 : 0;
    tally.acksLeft += signers.length - signed.length;
    if (!completed && signed.length === signers.length) tally.acksLeft++;
    expect(['pending_signing', 'completed'], at).toContain(c.status);
    expect(
      signers.map((s) => s.status).filter((s) => s === 'rejected'),
      at,
    ).toEqual([]);

    // Turns: in order, the second waits exactly until the first signed; in parallel, nobody waits.
    const inOrder = signers[1]!.sign_order > signers[0]!.sign_order;
    if (inOrder)
      expect(signers[1]!.status === 'waiting', `${at}: turn of the second signer`).toBe(
        signers[0]!.status !== 'signed',
      );
    else
      expect(
        signers.some((s) => s.status === 'waiting'),
        at,
      ).toBe(false);

    // Completed only if everyone signed; everyone signed and not completed: the job is queued.
    if (completed) expect(signed.length, at).toBe(signers.length);
    expect(c.completed_at !== null, at).toBe(completed);
    if (!completed && signed.length === signers.length) {
      const job = await db
        .selectFrom('jobs')
        .select(['type', 'status'])
        .where('unique_key', '=', `complete:${c.id}`)
        .executeTakeFirst();
      expect(job, `${at}: all signed, not completed, and no completion job`).toEqual({
        type: 'contracts.complete',
        status: 'pending',
      });
    }

    const audit = await db.selectFrom('audit_events').select('action').where('target', '=', c.id).execute();
    expect(audit.filter((e) => e.action === 'contract.signer.signed').length, at).toBe(signed.length);
    expect(audit.filter((e) => e.action === 'contract.completed').length, at).toBe(completed ? 1 : 0);

    const documents = await db
      .selectFrom('contract_documents')
      .selectAll()
      .where('contract_id', '=', c.id)
      .execute();
    expect(documents, at).toHaveLength(1);
    const doc = documents[0]!;
    const revisions = await db
      .selectFrom('contract_document_revisions')
      .selectAll()
      .where('document_id', '=', doc.id)
      .orderBy('revision')
      .execute();

    // The current blob is whole and is the one the row names.
    const pdf = await services.blobs.get(doc.blob_key);
    expect(sha256(pdf), `${at}: current blob`).toBe(doc.sha256);
    expect(doc.blob_key).toBe(doc.sha256);

    // Revisions account for every incremental update: one per signer (esign, no field), +2 for LTV.
    const signatureRows = revisions.filter((r) => r.kind === 'signature');
    const ltvRows = revisions.filter((r) => r.kind === 'ltv');
    expect(signatureRows.length, `${at}: signature revisions`).toBe(signed.length);
    expect(ltvRows.length, `${at}: ltv revisions`).toBe(completed ? 1 : 0);
    // Revision 0 (the document as created) is named by a row once the document was first signed.
    const originalRows = revisions.filter((r) => r.kind === 'original');
    expect(originalRows.length, `${at}: original revision`).toBe(signatureRows.length > 0 ? 1 : 0);
    if (originalRows[0]) {
      expect(originalRows[0].revision).toBe(0);
      expect(originalRows[0].sha256).toBe(doc.original_sha256);
    }
    expect(revisions.length).toBe(originalRows.length + signatureRows.length + ltvRows.length);
    expect(doc.revision, `${at}: revision`).toBe(signatureRows.length + 2 * ltvRows.length);
    if (revisions.length === 0) expect(doc.sha256, `${at}: unsigned`).toBe(doc.original_sha256);
    else expect(revisions.at(-1)!.blob_key, `${at}: newest revision`).toBe(doc.blob_key);

    // The stored PDF says the same.
    const report = verify(pdf, anchors);
    const sigs = report.signatures.filter((s) => s.kind === 'signature');
    const stamps = report.signatures.filter((s) => s.kind === 'document-timestamp');
    expect(sigs.length, `${at}: signatures in the PDF`).toBe(signed.length);
    expect(stamps.length, `${at}: document timestamps`).toBe(completed ? 1 : 0);
    expect(report.dss !== undefined, `${at}: DSS`).toBe(completed);
    expect(byteRanges(pdf), `${at}: /ByteRange`).toBe(sigs.length + stamps.length);
    if (report.signatures.length > 0) {
      expect(report.valid, `${at}: ${JSON.stringify(report)}`).toBe(true);
      // The newest signature (or the document timestamp) covers the whole file: nothing after it.
      expect(report.signatures.at(-1)!.coversWholeDocument, at).toBe(true);
    }
    if (completed) expect(report.signatures.at(-1)!.kind, at).toBe('document-timestamp');

    // Each signed signer matches exactly one signature revision, and the unsigned ones none.
    for (const s of signers) {
      const mine = revisions.filter((r) => r.signer_id === s.id);
      if (s.status !== 'signed') {
        expect(mine, `${at}: revision of unsigned ${s.id}`).toEqual([]);
        expect(s.signature_json, at).toBeNull();
        expect(s.signed_at, at).toBeNull();
        continue;
      }
      expect(mine, `${at}: revisions of ${s.id}`).toHaveLength(1);
      const record = JSON.parse(s.signature_json!) as {
        documents: { id: string; sha256After: string; revision: number; signatures: number }[];
      };
      expect(record.documents, at).toEqual([
        {
          id: doc.id,
          sha256Before: expect.any(String),
          sha256After: mine[0]!.sha256,
          revision: mine[0]!.revision,
          signatures: 1,
        },
      ]);
    }

    // Every revision's blob is whole and carries the signatures up to it.
    for (const r of revisions) {
      const bytes = await services.blobs.get(r.blob_key);
      expect(sha256(bytes), `${at}: blob of revision ${r.revision}`).toBe(r.sha256);
      const n = verify(bytes, anchors).signatures.filter((s) => s.kind === 'signature').length;
      expect(n, `${at}: signatures at revision ${r.revision}`).toBe(
        r.kind === 'ltv' ? signatureRows.length : r.kind === 'original' ? 0 : signatureRows.indexOf(r) + 1,
      );
    }
  }

  // Under a final name, every blob is whole: interrupted writes only ever live in .incoming/.
  for (const f of blobFiles(join(services.config.dataDir, 'blobs')))
    expect(sha256(readFileSync(f.path)), f.path).toBe(f.name);
  const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
  expect(check.rows[0]?.integrity_check).toBe('ok');
  return tally;
}

describe('signing crash safety on sqlite', () => {
  let t: TestStore;
  let lineId: string;
  let anchors: Uint8Array[];

  beforeAll(async () => {
    t = await createTestStore('sqlite');
    const services = await open(t);
    try {
      // The CA exists before the writer starts: a crash while creating it is another test's matter.
      await services.ca();
      anchors = await services.verificationAnchors();
      const issued = await services.businessLines.create(
        { name: 'sign crash', autoApprove: true },
        CLI_ACTOR,
      );
      const line = (await services.businessLines.list()).find((l) => l.appId === issued.appId)!;
      lineId = line.id;
      const template = await services.templates.create(
        line,
        STANDARD_DOCX,
        { name: 'sign crash', groupId: null, signerRoles: ['甲方', '乙方'], signFields: [] },
        CLI_ACTOR,
      );
      for (let i = 0; i < CONTRACTS; i++)
        await services.contracts.create(
          lineId,
          {
            templateId: template.id,
            title: `crash ${i}`,
            data: { ...BENCH_DATA[0], contractNo: `SIGN-CRASH-${i}` },
            signers: [
              {
                role: '甲方',
                subject: { kind: 'person', idType: 'user_id', id: `A-${i}`, name: '张三' },
                signOrder: 1,
              },
              {
                role: '乙方',
                subject: { kind: 'person', idType: 'user_id', id: `B-${i}`, name: '李四' },
                signOrder: i % 2 === 0 ? 1 : 2,
              },
            ],
          },
          [],
          CLI_ACTOR,
        );
    } finally {
      await services.close();
    }
  }, 120_000);
  afterAll(async () => t?.dispose());

  it(
    'leaves every document before or after a signature, never between, and the signers agreeing',
    { timeout: 180_000 },
    async () => {
      const acked = new Map<string, string>();
      let left = CONTRACTS * 2;
      let kills = 0;
      for (let round = 0; round < ROUNDS && left > 0; round++) {
        // Killed a random moment after its n-th ack, inside the next operation: issuing the key,
        // signing, storing the blob, committing, or completing the contract.
        const acks = Math.min(left, 1 + Math.floor(Math.random() * 3));
        const args = [t.dataDir, lineId, String(acks + 1)];
        for (const [id, v] of await runAndKill(fixture, args, acks, MAX_KILL_DELAY_MS)) acked.set(id, v);
        kills++;
        const services = await open(t);
        try {
          left = (await checkAll(services, lineId, anchors)).acksLeft;
        } finally {
          await services.close();
        }
      }
      expect(kills).toBe(ROUNDS);

      const services = await open(t);
      try {
        const db = services.store.db;
        for (const [id, v] of acked) {
          const row =
            v === 'signed'
              ? await db
                  .selectFrom('contract_signers')
                  .select('status')
                  .where('id', '=', id)
                  .executeTakeFirst()
              : await db.selectFrom('contracts').select('status').where('id', '=', id).executeTakeFirst();
          expect(row?.status, `acknowledged ${id}`).toBe(v);
        }
        // What is left is finished here, as a restarted node (and its completion job) would.
        for (;;) {
          const due = await db
            .selectFrom('contract_signers')
            .innerJoin('contracts', 'contracts.id', 'contract_signers.contract_id')
            .select(['contract_signers.id', 'contract_signers.contract_id'])
            .where('contracts.business_line_id', '=', lineId)
            .where('contract_signers.status', 'in', ['ready', 'read'])
            .executeTakeFirst();
          if (!due) break;
          await services.signFlows.flows.sign(
            lineId,
            due.id,
            { method: 'esign', appearance: null },
            { via: 'session', readingDone: true },
            { actor: 'test' },
          );
        }
        for (const c of await db
          .selectFrom('contracts')
          .select('id')
          .where('status', '=', 'pending_signing')
          .execute())
          expect(await services.signFlows.flows.complete(c.id)).toBe('completed');
        const tally = await checkAll(services, lineId, anchors);
        expect(tally).toEqual({ signed: CONTRACTS * 2, completed: CONTRACTS, acksLeft: 0 });
      } finally {
        await services.close();
      }
    },
  );
});
