/**
 * Evidence anyone can check offline (issue 12): a contract signed by two people (click-wrap, PAdES
 * by the platform) gets an evidence package over HTTP; `verifyEvidencePackage` — what
 * `hetong evidence verify` runs — accepts it, and names each tampering: an event edited, dropped,
 * added or reordered, the checkpoint re-signed with another key, a forked log, the PDF changed.
 * The proofs the API hands out verify with the RFC 9162 algorithms, and the public checkpoint
 * endpoint answers a consistency proof witnesses can check. On SQLite and PostgreSQL.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as evidenceCli } from '../../src/app/commands/evidence.js';
import type { HetongClient } from '../../src/client/index.js';
import { hashLeaf, verifyConsistency, verifyInclusion } from '../../src/evidence/log/merkle.js';
import {
  formatCheckpoint,
  openNote,
  parseCheckpoint,
  parseVerifierKey,
  signerFromSeed,
  signNote,
} from '../../src/evidence/log/note.js';
import { verifyEvidencePackage } from '../../src/evidence/package/verify.js';
import { startTestWitness, type TestWitness } from '../../src/evidence/log/testing/witness-server.js';
import { createTestApp, type TestApp } from '../../src/http/testing.js';
import { pdfFonts, pdfText } from '../../src/render/typst/testing/pdf-tools.js';
import { startTestTsa, type TestTsa } from '../../src/pki/test-support/tsa-server.js';
import { testDialects } from '../../src/store/testing.js';
import { CLI_ACTOR } from '../../src/tenancy/context.js';
import { BENCH_DATA, STANDARD_DOCX } from './helpers.js';
import { SignerBrowser } from './signing.js';

const dialects = await testDialects();

const person = (i: number) => ({
  kind: 'person' as const,
  idType: 'user_id',
  id: `EV-${i}`,
  name: ['张三', '李四'][i % 2]!,
});

type Files = Record<string, Uint8Array>;
const repack = (files: Files, change: (f: Files) => void) => {
  const copy: Files = { ...files };
  change(copy);
  return zipSync(copy);
};
const json = (b: Uint8Array) => JSON.parse(strFromU8(b)) as unknown;

describe.each(dialects)('evidence packages on %s', (dialect) => {
  let t: TestApp;
  let client: HetongClient;
  let contractId: string;
  let zip: Uint8Array;
  let files: Files;
  let key: string;

  let tsa: TestTsa;
  let witness: TestWitness;

  beforeAll(async () => {
    // Checkpoints are anchored at an outside TSA and a witness, both local servers.
    tsa = await startTestTsa();
    witness = await startTestWitness(() => t.app.services.evidence.keys.verifierKey());
    t = await createTestApp(dialect, {
      env: { HETONG_EVIDENCE_TSA_URL: tsa.url, HETONG_EVIDENCE_WITNESS_URLS: witness.url },
    });
    const issued = await t.app.services.businessLines.create(
      { name: '存证业务线', autoApprove: true },
      CLI_ACTOR,
    );
    client = t.clientFor(issued.appId, issued.appSecret);
    // 张三 is verified by real name (manual provider: an operator approves); 李四 is not.
    const rn = t.app.services.realName;
    const lineId = issued.businessLine.id;
    const pending = await rn.verifyPerson(
      lineId,
      {
        subject: { idType: 'user_id', id: 'EV-0' },
        name: '张三',
        idNumber: '11010519491231002X',
        mobile: '13800138000',
      },
      CLI_ACTOR,
    );
    await rn.approve(lineId, pending.id, undefined, CLI_ACTOR);
    const template = await client.createTemplate({
      docx: STANDARD_DOCX,
      name: '技术服务合同',
      signerRoles: ['甲方', '乙方'],
      signFields: [
        { role: '甲方', page: 3, x: 80, y: 150, width: 120, height: 120 },
        { role: '乙方', page: 3, x: 350, y: 150, width: 120, height: 120 },
      ],
    });
    const created = await client.request<{ id: string }>('POST', '/api/v1/contracts', {
      body: {
        templateId: template.id,
        title: '技术服务合同 EV-1',
        data: BENCH_DATA[0],
        signers: [
          { role: '甲方', subject: person(0), method: 'clickwrap' },
          { role: '乙方', subject: person(1), method: 'clickwrap' },
        ],
      },
    });
    contractId = created.id;
    const c = await client.contract(contractId);
    for (const s of c.signers!) {
      const b = new SignerBrowser(t);
      expect((await b.open((await client.signUrl(contractId, s.id, { client: 'pc' })).url)).statusCode).toBe(
        201,
      );
      expect((await b.post('/sign', { agree: true })).statusCode).toBe(200);
    }
    expect((await client.contract(contractId)).status).toBe('completed');
    // What the job does every few seconds: sequence, checkpoint, anchor.
    await t.app.services.evidence.log.integrate({ checkpoint: 'now' });
    expect((await t.app.services.evidenceAnchoring.anchorLatest())?.map((a) => a.ok)).toEqual([true, true]);
    zip = await client.evidencePackage(contractId);
    files = unzipSync(zip);
    key = (await client.evidenceCheckpoint()).logKey;
  }, 180_000);
  afterAll(async () => {
    await t?.dispose();
    await tsa?.close();
    await witness?.close();
  });

  it('holds the signed PDF, the events, their proofs, a signed checkpoint and manifest, and verifies offline', () => {
    expect(Object.keys(files).sort()).toEqual(
      expect.arrayContaining([
        'manifest.txt',
        'checkpoint.txt',
        'log-key.txt',
        'events.json',
        'proofs.json',
        'trust-anchors.pem',
        'anchors.json',
        'anchors/1-tsa.tsr',
        'anchors/2-witness.txt',
        'report.pdf',
      ]),
    );
    const events = json(files['events.json']!) as { event: { action: string; target: string } }[];
    expect(events.map((e) => e.event.action)).toEqual(
      expect.arrayContaining(['contract.created', 'contract.signer.signed', 'contract.completed']),
    );
    // The contract's events, and those of the real-name verification a party's standing rests on.
    expect(events.filter((e) => e.event.target !== contractId).map((e) => e.event.action)).toEqual([
      'real_name.requested',
      'real_name.approved',
    ]);
    const r = verifyEvidencePackage(zip, { key });
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ valid: true, contractId, events: events.length });
    // Two signers and the document timestamp that completion adds (PAdES B-LTA).
    expect(r.documents).toEqual([expect.objectContaining({ signatures: 3, valid: true })]);
    expect(r.passed.join('\n')).toMatch(/checkpoint timestamped at \S+ by .*Hetong TSA/);
    expect(r.notes.join('\n')).toMatch(/cosigned by witness witness\.test\/w1/);
    // Without a pinned key the package still verifies, and says the key was its own.
    expect(verifyEvidencePackage(zip).notes.join(' ')).toMatch(/pin it with --key/);
  });

  const problemsOf = (
    tampered: Uint8Array,
    options: Parameters<typeof verifyEvidencePackage>[1] = { key },
  ) => {
    const r = verifyEvidencePackage(tampered, options);
    expect(r.valid).toBe(false);
    return r.problems.join('\n');
  };
  const withEvents = (change: (events: { leafIndex: number; event: Record<string, unknown> }[]) => void) =>
    repack(files, (f) => {
      const events = json(f['events.json']!) as { leafIndex: number; event: Record<string, unknown> }[];
      change(events);
      f['events.json'] = strToU8(JSON.stringify(events));
    });

  it('has an evidence report made by our engine: parties, intent, revisions with their SHA-256, events, checkpoint', () => {
    const report = files['report.pdf']!;
    writeFileSync(join(tmpdir(), `hetong-evidence-report-${dialect}.pdf`), report);
    const text = pdfText(report).replace(/\s+/g, '');
    for (const want of [
      '电子合同存证报告',
      contractId,
      '张三',
      '李四',
      '勾选同意',
      '签署完成',
      '合同完成',
      '实名认证审核通过',
    ])
      expect(text).toContain(want);
    // Every revision's hash: the one after the last signature is the document's final hash.
    const [pdfName] = Object.keys(files).filter((n) => n.startsWith('documents/'));
    const finalSha = createHash('sha256').update(files[pdfName!]!).digest('hex');
    expect(text).toContain(finalSha);
    // Each event with its log index; the checkpoint's size and the log key.
    const events = json(files['events.json']!) as { leafIndex: number }[];
    const treeSize = parseCheckpoint(
      openNote(strFromU8(files['checkpoint.txt']!), parseVerifierKey(key)),
    ).size;
    expect(text).toContain(`树大小${treeSize}`);
    expect(text).toContain(key.replace(/\s+/g, ''));
    for (const e of events) expect(text).toMatch(new RegExp(`${e.leafIndex}20\\d\\d-`));
    expect(text).toMatch(/见证方witness\.test\/w1已联署/);
    expect(pdfFonts(report).every((f) => f.embedded)).toBe(true);
    // Real-name standing per party; the ID number never appears whole.
    // (Cells of a row come out of pdftotext column by column: the pieces, not one string.)
    expect(text).toContain('张三（个人，user_idEV-0）');
    expect(text).toContain('已认证（有');
    expect(text).toMatch(/效至\d{4}-\d\d-\d\d）/);
    expect(text.match(/未认证/g)).toHaveLength(1);
    expect(text).not.toContain('11010519491231002X');
  });

  it('names an edited, dropped, added or reordered event', () => {
    expect(problemsOf(withEvents((e) => (e[0]!.event.ip = '198.51.100.1')))).toMatch(
      /event #1 .* was changed/,
    );
    expect(problemsOf(withEvents((e) => e.splice(1, 1)))).toMatch(/was dropped from events.json/);
    expect(
      problemsOf(
        withEvents((e) =>
          e.push({ leafIndex: 999_999, event: { ...e[0]!.event, action: 'contract.revoked' } }),
        ),
      ),
    ).toMatch(/was added: the manifest does not list it/);
    expect(problemsOf(withEvents((e) => e.reverse()))).toMatch(/out of order/);
  });

  it('names a checkpoint or manifest re-signed with another key, and a changed PDF', () => {
    const other = signerFromSeed(parseVerifierKey(key).name, randomBytes(32));
    const text = openNote(strFromU8(files['checkpoint.txt']!), parseVerifierKey(key));
    const resigned = repack(files, (f) => (f['checkpoint.txt'] = strToU8(signNote(text, [other]))));
    expect(problemsOf(resigned)).toMatch(/checkpoint.txt: the note is not signed by/);
    const [pdfName] = Object.keys(files).filter((n) => n.startsWith('documents/'));
    const changed = repack(files, (f) => {
      const pdf = Buffer.from(f[pdfName!]!);
      pdf[pdf.length - 10] = pdf[pdf.length - 10]! ^ 0x20;
      f[pdfName!] = pdf;
    });
    expect(problemsOf(changed)).toMatch(new RegExp(`${pdfName} was changed`));
    // A timestamp moved from another checkpoint (here: the TSA's reply with a flipped byte).
    const tsr = repack(files, (f) => {
      const reply = Buffer.from(f['anchors/1-tsa.tsr']!);
      reply[reply.length - 5] = reply[reply.length - 5]! ^ 0x01;
      f['anchors/1-tsa.tsr'] = reply;
    });
    expect(problemsOf(tsr)).toMatch(/anchors\/1-tsa\.tsr: /);
  });

  it('checks a later checkpoint: consistency from the public endpoint holds, a forked log is named', async () => {
    const mine = parseCheckpoint(openNote(strFromU8(files['checkpoint.txt']!), parseVerifierKey(key)));
    // The log grows (more events), then a witness-style fetch from the package's size.
    await client.createTemplate({ docx: STANDARD_DOCX, name: '另一个模板', signerRoles: ['甲方'] });
    await t.app.services.evidence.log.integrate({ checkpoint: 'now' });
    const res = await t.app.server.inject({ method: 'GET', url: `/evidence/checkpoint?from=${mine.size}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const r = verifyEvidencePackage(zip, { key, laterCheckpoint: res.body });
    expect(r.problems).toEqual([]);
    expect(r.passed.join('\n')).toMatch(/extends the one of/);

    // A fork: the log key signs a different tree of the same size as the package's checkpoint.
    const keyRow = await t.app.services.store.db.selectFrom('log_keys').selectAll().executeTakeFirstOrThrow();
    const seed = t.app.services.masterKey.open(keyRow.private_sealed, 'log-key:log');
    const logSigner = signerFromSeed(keyRow.origin, seed);
    const forged = signNote(formatCheckpoint({ ...mine, rootHash: randomBytes(32) }), [logSigner]);
    expect(problemsOf(zip, { key, laterCheckpoint: forged })).toMatch(/fork: two checkpoints of \d+ leaves/);
    // A larger tree whose proof does not lead back to the package's root.
    const later = parseCheckpoint(
      openNote(res.body.slice(res.body.indexOf('\n\n') + 2), parseVerifierKey(key)),
    );
    const forkedLater = signNote(formatCheckpoint({ ...later, rootHash: randomBytes(32) }), [logSigner]);
    const proofPart = res.body.slice(0, res.body.indexOf('\n\n') + 2);
    expect(problemsOf(zip, { key, laterCheckpoint: proofPart + forkedLater })).toMatch(/not an extension/);
  });

  it('hetong evidence verify: exit 0 with a pinned key, roots and a later checkpoint; 1 naming each problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hetong-evidence-'));
    const path = (name: string, data: Uint8Array | string) => {
      writeFileSync(join(dir, name), data);
      return join(dir, name);
    };
    const out: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((s: string) => void out.push(s));
    try {
      const pkg = path('evidence.zip', zip);
      const size = parseCheckpoint(openNote(strFromU8(files['checkpoint.txt']!), parseVerifierKey(key))).size;
      const later = await t.app.server.inject({ method: 'GET', url: `/evidence/checkpoint?from=${size}` });
      const root = (await t.app.services.ca()).rootCertificate();
      const args = ['verify', pkg, '--checkpoint', path('later.txt', later.body)];
      expect(await evidenceCli([...args, '--key', key, '--trust', path('root.cer', root)])).toBe(0);
      expect(out.at(-1)).toMatch(/Overall: VALID$/m);
      expect(await evidenceCli([...args, '--key', path('log-key.txt', key + '\n'), '--json'])).toBe(0);
      expect(JSON.parse(out.at(-1)!)).toMatchObject({ valid: true, contractId });

      const tampered = repack(files, (f) => {
        const events = json(f['events.json']!) as { event: { ip: string } }[];
        events[0]!.event.ip = '10.6.6.6';
        f['events.json'] = strToU8(JSON.stringify(events));
      });
      expect(await evidenceCli(['verify', path('bad.zip', tampered), '--key', key])).toBe(1);
      expect(out.at(-1)).toMatch(/PROBLEM {2}event #1 \(leaf \d+, [a-z_.]+\) was changed/);
      expect(out.at(-1)).toMatch(/Overall: NOT VALID \(\d+ problem\(s\)\)$/);
      await expect(evidenceCli(['verify', pkg, '--key', 'not-a-key'])).rejects.toMatchObject({
        code: 'CLI_ARGUMENT_INVALID',
      });
    } finally {
      log.mockRestore();
    }
  });

  it('hands out proofs that verify, only for the line’s own events, and refuses sizes beyond the tree', async () => {
    const cp = await client.evidenceCheckpoint();
    const events = json(files['events.json']!) as { leafIndex: number }[];
    const leafIndex = events[0]!.leafIndex;
    const p = await client.inclusionProof(leafIndex, cp.treeSize);
    const ok = verifyInclusion(
      leafIndex,
      cp.treeSize,
      hashLeaf(Buffer.from(p.leaf)),
      p.hashes.map((h) => Buffer.from(h, 'base64')),
      Buffer.from(cp.rootHash, 'base64'),
    );
    expect(ok).toBe(true);
    const c = await client.consistencyProof(1, cp.treeSize);
    const first = await t.app.services.evidence.log.rootAt(1);
    expect(
      verifyConsistency(
        1,
        cp.treeSize,
        first,
        Buffer.from(cp.rootHash, 'base64'),
        c.hashes.map((h) => Buffer.from(h, 'base64')),
      ),
    ).toBe(true);

    await expect(client.inclusionProof(leafIndex, cp.treeSize + 1000)).rejects.toMatchObject({
      status: 400,
      code: 'TREE_SIZE_BEYOND_LOG',
    });
    // Another line's creation is the newest leaf: it proves its own event, this line cannot.
    const other = await t.newLine('另一业务线');
    const { size: treeSize } = await t.app.services.evidence.log.integrate({ checkpoint: 'now' });
    await expect(other.client.inclusionProof(treeSize - 1)).resolves.toMatchObject({ treeSize });
    await expect(client.inclusionProof(treeSize - 1)).rejects.toMatchObject({
      status: 404,
      code: 'EVIDENCE_LEAF_NOT_FOUND',
    });
    await expect(
      client.request('GET', '/api/v1/evidence/inclusion', { query: { leafIndex: 'x' } }),
    ).rejects.toMatchObject({ status: 400 });
    const publicKey = await t.app.server.inject({ method: 'GET', url: '/evidence/key' });
    expect(publicKey.body.trim()).toBe(cp.logKey);
    const beyond = await t.app.server.inject({
      method: 'GET',
      url: `/evidence/consistency?from=1&to=${cp.treeSize + 5}`,
    });
    expect(beyond.statusCode).toBe(400);
    expect(beyond.json().error.code).toBe('TREE_SIZE_BEYOND_LOG');
    await expect(client.evidencePackage('ct_doesnotexist')).rejects.toMatchObject({ status: 404 });
  });
});
