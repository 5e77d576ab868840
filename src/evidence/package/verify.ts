/**
 * Offline verification of an evidence package (`hetong evidence verify`): nothing is asked of
 * our server. Holds only when every check holds; every failed check is named.
 *
 * 1. The checkpoint and the manifest are signed by the log key (`--key` pins it; otherwise the
 *    package's own key is used and the report says so).
 * 2. events.json is exactly the manifest's list: none changed, dropped, added or reordered.
 * 3. Each event is in the log: its inclusion proof leads to the checkpoint's root (RFC 9162).
 * 4. Each document is the one the manifest names, and each of its PDF signatures is valid
 *    (integrity, chain, timestamp, nothing disallowed changed after it — our verifier).
 * 5. The checkpoint's outside anchors: a TSA token over it (see anchors.ts).
 * 6. With a later checkpoint: it is signed by the same key and the package's checkpoint is a
 *    prefix of it (consistency proof), so the log was not rewritten since; same size, other
 *    root = a fork.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { unzipSync } from 'fflate';
import { verifyPdf } from '../../signing/index.js';
import { leafData } from '../log/leaf.js';
import { verifyConsistency, verifyInclusion, hashLeaf } from '../log/merkle.js';
import { openNote, parseCheckpoint, parseVerifierKey, type Checkpoint, type Verifier } from '../log/note.js';
import { checkAnchors } from './anchors.js';
import type { PackagedEvent } from './build.js';
import { parseManifest } from './manifest.js';

export interface PackageVerifyOptions {
  /** The log's verifier key string, from a source you trust. */
  key?: string;
  /** A later checkpoint, bare or as `old <size>\n<proof lines>\n\n<note>` (GET /evidence/checkpoint?from=). */
  laterCheckpoint?: string;
  /** DER roots for the PDF signatures; default the package's own trust-anchors.pem. */
  trustAnchors?: Uint8Array[];
}

export interface PackageReport {
  valid: boolean;
  contractId?: string;
  treeSize?: number;
  events: number;
  documents: { file: string; signatures: number; valid: boolean }[];
  /** What was checked and held. */
  passed: string[];
  /** What failed, one sentence each. */
  problems: string[];
  /** Caveats that do not fail the package (e.g. a key taken from the package itself). */
  notes: string[];
}

const MAX_UNZIPPED = 512 * 1024 * 1024;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

export function verifyEvidencePackage(zip: Uint8Array, options: PackageVerifyOptions = {}): PackageReport {
  const report: PackageReport = {
    valid: false,
    events: 0,
    documents: [],
    passed: [],
    problems: [],
    notes: [],
  };
  const fail = (p: string) => report.problems.push(p);
  let files: Record<string, Uint8Array>;
  try {
    let total = 0;
    files = unzipSync(zip, {
      // Sizes are checked before anything is inflated: a zip bomb stops here.
      filter: (f) => {
        total += f.originalSize;
        if (total > MAX_UNZIPPED) throw new Error('the package unpacks to more than 512 MiB');
        return true;
      },
    });
  } catch (e) {
    fail(`not a readable evidence package: ${(e as Error).message}`);
    return report;
  }
  const text = (name: string): string | undefined => {
    const f = files[name];
    if (!f) fail(`${name} is missing from the package`);
    return f && Buffer.from(f).toString('utf8');
  };

  // 1. Key, checkpoint, manifest.
  let verifier: Verifier;
  try {
    const packaged = text('log-key.txt')?.trim();
    if (!options.key) report.notes.push('the log key was taken from the package itself; pin it with --key');
    verifier = parseVerifierKey(options.key ?? packaged ?? '');
    if (options.key && packaged && packaged !== options.key.trim())
      report.notes.push('the package names another log key than the one given');
  } catch (e) {
    fail(`the log key is not usable: ${(e as Error).message}`);
    return report;
  }
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseCheckpoint(openNote(text('checkpoint.txt') ?? '', verifier));
    report.treeSize = checkpoint.size;
    report.passed.push(`checkpoint of ${checkpoint.size} leaves signed by ${verifier.name}`);
  } catch (e) {
    fail(`checkpoint.txt: ${(e as Error).message}`);
    return report;
  }
  let manifest;
  try {
    manifest = parseManifest(openNote(text('manifest.txt') ?? '', verifier));
    report.contractId = manifest.contractId;
    report.passed.push('manifest signed by the log key');
  } catch (e) {
    fail(`manifest.txt: ${(e as Error).message}`);
    return report;
  }
  if (manifest.treeSize !== checkpoint.size)
    fail(
      `the manifest names the checkpoint of ${manifest.treeSize} leaves, the package holds one of ${checkpoint.size}`,
    );

  // 2. Events against the manifest.
  let events: PackagedEvent[] = [];
  try {
    events = JSON.parse(text('events.json') ?? '[]') as PackagedEvent[];
    if (!Array.isArray(events)) throw new Error('not a list');
  } catch (e) {
    fail(`events.json is not readable: ${(e as Error).message}`);
    events = [];
  }
  report.events = events.length;
  const leafHashes = events.map((e) => {
    try {
      return hex(hashLeaf(Buffer.from(leafData(e.event), 'utf8')));
    } catch {
      return '';
    }
  });
  const listed = new Map(manifest.events.map((e, i) => [e.leafIndex, { ...e, position: i }]));
  const present = new Set(events.map((e) => e.leafIndex));
  for (const m of manifest.events)
    if (!present.has(m.leafIndex)) fail(`the event at leaf ${m.leafIndex} was dropped from events.json`);
  let previous = -1;
  events.forEach((e, i) => {
    const m = listed.get(e.leafIndex);
    const what = `event #${i + 1} (leaf ${e.leafIndex}, ${e.event?.action ?? '?'})`;
    if (!m) fail(`${what} was added: the manifest does not list it`);
    else if (m.leafHash !== leafHashes[i])
      fail(`${what} was changed: its hash is not the one the manifest lists`);
    if (e.leafIndex <= previous) fail(`${what} is out of order (after leaf ${previous})`);
    previous = Math.max(previous, e.leafIndex);
  });

  // 3. Inclusion of every event in the checkpoint's tree.
  let proofs: { treeSize: number; inclusion: { leafIndex: number; hashes: string[] }[] };
  try {
    proofs = JSON.parse(text('proofs.json') ?? '{}') as typeof proofs;
  } catch {
    proofs = { treeSize: -1, inclusion: [] };
    fail('proofs.json is not readable');
  }
  const proofOf = new Map((proofs.inclusion ?? []).map((p) => [p.leafIndex, p.hashes]));
  let included = 0;
  events.forEach((e, i) => {
    const hashes = proofOf.get(e.leafIndex);
    const leaf = Buffer.from(leafHashes[i] ?? '', 'hex');
    const ok =
      hashes !== undefined &&
      leaf.length === 32 &&
      verifyInclusion(
        e.leafIndex,
        checkpoint.size,
        leaf,
        hashes.map((h) => Buffer.from(h, 'base64')),
        checkpoint.rootHash,
      );
    if (ok) included++;
    else
      fail(
        `event #${i + 1} (leaf ${e.leafIndex}) is not proven to be in the log of ${checkpoint.size} leaves`,
      );
  });
  if (events.length > 0 && included === events.length)
    report.passed.push(`all ${included} events proven included in the checkpoint`);

  // 4. Documents and their signatures.
  const anchors = options.trustAnchors ?? anchorsOf(files['trust-anchors.pem']);
  if (!options.trustAnchors)
    report.notes.push(
      'PDF signatures were checked against the package’s own trust anchors; pin yours with --trust',
    );
  for (const d of manifest.documents) {
    const bytes = files[`documents/${d.file}`];
    if (!bytes) {
      fail(`documents/${d.file} is missing`);
      continue;
    }
    if (createHash('sha256').update(bytes).digest('hex') !== d.sha256) {
      fail(`documents/${d.file} was changed: its SHA-256 is not the one the manifest lists`);
      continue;
    }
    try {
      const r = verifyPdf(bytes, { trustAnchors: anchors });
      report.documents.push({ file: d.file, signatures: r.signatures.length, valid: r.valid });
      if (r.valid) report.passed.push(`documents/${d.file}: ${r.signatures.length} signature(s) valid`);
      r.signatures.forEach((s, i) => {
        if (s.valid) return;
        const why = [
          ...(s.integrity.valid ? [] : s.integrity.problems),
          ...(s.trusted ? [] : [s.trustProblem ?? 'not trusted']),
          ...s.changesAfter.disallowed.map((c) => `modified after signing: ${c}`),
        ];
        fail(
          `documents/${d.file}: signature #${i + 1} is not valid (${why.join('; ') || 'see hetong verify'})`,
        );
      });
      if (r.signatures.length === 0) fail(`documents/${d.file} carries no signature`);
    } catch (e) {
      fail(`documents/${d.file} cannot be verified: ${(e as Error).message}`);
    }
  }

  // 5. Anchors of the checkpoint.
  const anchored = checkAnchors(files, files['checkpoint.txt']!);
  report.passed.push(...anchored.passed);
  report.problems.push(...anchored.problems);
  report.notes.push(...anchored.notes);

  // 6. A later checkpoint.
  if (options.laterCheckpoint !== undefined)
    checkLater(options.laterCheckpoint, checkpoint, verifier, report);

  report.valid = report.problems.length === 0;
  return report;
}

function checkLater(input: string, mine: Checkpoint, verifier: Verifier, report: PackageReport): void {
  let proof: Buffer[] = [];
  let from: number | undefined;
  let note = input;
  const old = /^old (\d+)\n((?:[A-Za-z0-9+/]+={0,2}\n)*)\n/.exec(input);
  if (old) {
    from = Number(old[1]);
    proof = old[2]!
      .split('\n')
      .filter(Boolean)
      .map((l) => Buffer.from(l, 'base64'));
    note = input.slice(old[0].length);
  }
  let later: Checkpoint;
  try {
    later = parseCheckpoint(openNote(note, verifier));
  } catch (e) {
    report.problems.push(`the later checkpoint: ${(e as Error).message}`);
    return;
  }
  if (later.origin !== mine.origin) {
    report.problems.push(`the later checkpoint is of another log (${later.origin})`);
    return;
  }
  if (later.size === mine.size) {
    if (later.rootHash.equals(mine.rootHash)) report.passed.push('the later checkpoint is the same tree');
    else
      report.problems.push(
        `fork: two checkpoints of ${mine.size} leaves with different roots, both signed by the log key`,
      );
    return;
  }
  const [small, large] = later.size > mine.size ? [mine, later] : [later, mine];
  if (from !== small.size) {
    report.problems.push(
      `a consistency proof from ${small.size} leaves is needed (GET /evidence/checkpoint?from=${small.size})`,
    );
    return;
  }
  if (verifyConsistency(small.size, large.size, small.rootHash, large.rootHash, proof))
    report.passed.push(
      `the log of ${large.size} leaves extends the one of ${small.size}: nothing was rewritten`,
    );
  else
    report.problems.push(
      `fork: the log of ${large.size} leaves is not an extension of the one of ${small.size}`,
    );
}

function anchorsOf(pemBytes: Uint8Array | undefined): Uint8Array[] {
  if (!pemBytes) return [];
  const pem = Buffer.from(pemBytes).toString('utf8');
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)].map(
    (m) => new Uint8Array(new X509Certificate(m[0]).raw),
  );
}
