/**
 * Builds a contract's evidence package (`GET /api/v1/contracts/{id}/evidence`): a ZIP anyone can
 * check offline with `hetong evidence verify`, without trusting our server —
 *
 *   documents/<n>.pdf   the contract's documents as signed (every signature, every revision)
 *   report.pdf          the evidence report, rendered by our engine from a built-in template
 *   events.json         the contract's events, each with its leaf index, as the log hashed them
 *   proofs.json         an inclusion proof per event, against the checkpoint
 *   checkpoint.txt      the log's signed checkpoint (C2SP tlog-checkpoint)
 *   anchors.json        when the checkpoint was anchored: the TSA reply (anchors/*.tsr, RFC 3161
 *                       over SHA-256 of checkpoint.txt) and witness cosignatures (anchors/*.txt)
 *   log-key.txt         the log's verifier key (C2SP signed-note); pin it with --key
 *   manifest.txt        what the package holds, signed by the log key (see manifest.ts)
 *   trust-anchors.pem   the roots the PDF signatures chain to (pin your own with --trust)
 */
import { createHash } from 'node:crypto';
import { zipSync, type Zippable } from 'fflate';
import type { ContractView } from '../../contracts/view.js';
import { tokenOfReply } from '../../pki/tsa/client.js';
import { checkTimestampToken } from '../../signing/cms/parse.js';
import { verifyPdf } from '../../signing/index.js';
import type { Db } from '../../store/database.js';
import { leafEventOf } from '../audit.js';
import type { LeafEvent } from '../log/leaf.js';
import { leafData, leafHashHex } from '../log/leaf.js';
import type { LogKeys } from '../log/log-key.js';
import type { AnchorRecord } from '../log/log-store.js';
import { signNote } from '../log/note.js';
import type { TransparencyLog } from '../log/transparency-log.js';
import { anchorFiles } from './anchors.js';
import { formatManifest } from './manifest.js';
import { chinaTime, type EvidenceReportInput, type ReportParty, type ReportRevision } from './report.js';

export interface PackagedEvent {
  leafIndex: number;
  event: LeafEvent;
}

export interface PackagedDocument {
  file: string;
  bytes: Uint8Array;
}

export interface EvidencePackageSource {
  /** The contract as the API shows it (404 when not the line's). */
  contract(
    lineId: string,
    contractId: string,
  ): Promise<{
    view: ContractView;
    documents: PackagedDocument[];
    parties: ReportParty[];
    /** Other records whose events belong in the package (the parties' real-name verifications). */
    related?: string[];
  }>;
  trustAnchors(): Promise<Uint8Array[]>;
  /** The signed letters (授权委托书) of these authorizations, as package documents. */
  letters?: (lineId: string, authorizationIds: string[]) => Promise<PackagedDocument[]>;
  /** Renders the evidence report (report.ts); without it the package has no report.pdf. */
  report?: (input: EvidenceReportInput) => Promise<Uint8Array>;
}

const sha256Hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** The authorization an event names (a signature under it, or its use). */
function authorizationOf(e: LeafEvent): string | undefined {
  const id = (e.details as { authorizationId?: unknown }).authorizationId;
  return typeof id === 'string' ? id : undefined;
}

function pem(der: Uint8Array): string {
  const b64 = Buffer.from(der)
    .toString('base64')
    .replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}-----END CERTIFICATE-----\n`;
}

export class EvidencePackager {
  constructor(
    private readonly deps: { db: Db; log: TransparencyLog; keys: LogKeys; source: EvidencePackageSource },
  ) {}

  /**
   * The contract's events, those of the records it rests on (`related`), and those of the
   * authorizations it was signed under — their creation, revocation, and their uses for this
   * contract only (a use for another contract is not this contract's business).
   */
  async #events(lineId: string, contractId: string, related: string[]): Promise<PackagedEvent[]> {
    const query = (targets: string[]) =>
      this.deps.db
        .selectFrom('audit_events')
        .selectAll()
        .where('target', 'in', targets)
        .where('business_line_id', '=', lineId)
        .where('leaf_index', 'is not', null)
        .execute();
    const own = (await query([contractId, ...related])).map((r) => ({
      leafIndex: Number(r.leaf_index),
      event: leafEventOf(r),
    }));
    const authorizations = [...new Set(own.flatMap((e) => authorizationOf(e.event) ?? []))];
    const theirs = authorizations.length
      ? (await query(authorizations))
          .map((r) => ({ leafIndex: Number(r.leaf_index), event: leafEventOf(r) }))
          .filter(
            (e) =>
              e.event.action !== 'authorization.used' ||
              (e.event.details as { contractId?: unknown }).contractId === contractId,
          )
      : [];
    return [...own, ...theirs].sort((a, b) => a.leafIndex - b.leafIndex);
  }

  async build(lineId: string, contractId: string): Promise<Uint8Array> {
    const { view, documents, parties, related = [] } = await this.deps.source.contract(lineId, contractId);
    // Every event recorded so far joins the tree, and a checkpoint covers the last of them.
    await this.deps.log.integrate();
    const events = await this.#events(lineId, contractId, related);
    // The authorizations the contract was signed under: their letters go in beside the documents.
    const authorizationIds = [...new Set(events.flatMap((e) => authorizationOf(e.event) ?? []))];
    if (authorizationIds.length && this.deps.source.letters)
      documents.push(...(await this.deps.source.letters(lineId, authorizationIds)));
    const lastLeaf = events.at(-1)?.leafIndex ?? 0;
    const checkpoint = await this.deps.log.checkpointFor(lastLeaf);
    const proofs = await this.deps.log.proveInclusions(
      events.map((e) => e.leafIndex),
      checkpoint.treeSize,
    );
    const signer = await this.deps.keys.signer();
    const logKey = await this.deps.keys.verifierKey();
    const docs = documents.map((d) => ({ file: d.file, sha256: sha256Hex(d.bytes) }));
    const manifest = formatManifest({
      contractId,
      treeSize: checkpoint.treeSize,
      documents: docs,
      events: events.map((e) => ({ leafIndex: e.leafIndex, leafHash: leafHashHex(leafData(e.event)) })),
    });
    const trustAnchors = await this.deps.source.trustAnchors();
    const files: Zippable = {
      'manifest.txt': Buffer.from(signNote(manifest, [signer])),
      'checkpoint.txt': Buffer.from(checkpoint.note),
      'log-key.txt': Buffer.from(logKey + '\n'),
      'events.json': Buffer.from(JSON.stringify(events, null, 2)),
      'proofs.json': Buffer.from(
        JSON.stringify(
          {
            treeSize: checkpoint.treeSize,
            inclusion: events.map((e, i) => ({
              leafIndex: e.leafIndex,
              hashes: proofs[i]!.map((h) => Buffer.from(h).toString('base64')),
            })),
          },
          null,
          2,
        ),
      ),
      'trust-anchors.pem': Buffer.from(trustAnchors.map(pem).join('')),
      ...anchorFiles(checkpoint.anchors),
    };
    for (const d of documents) files[`documents/${d.file}`] = [d.bytes, { level: 0 }];
    if (this.deps.source.report)
      files['report.pdf'] = [
        await this.deps.source.report({
          contract: view,
          parties,
          documents: docs,
          revisions: documents.flatMap((d, i) => revisionsOf(d, i + 1, trustAnchors)),
          events,
          checkpoint: {
            treeSize: checkpoint.treeSize,
            rootHash: checkpoint.rootHash.toString('base64'),
            origin: signer.name,
          },
          logKey,
          anchors: checkpoint.anchors.filter((a) => a.ok).map(anchorLine),
          generatedAt: checkpoint.createdAt,
        }),
        { level: 0 },
      ];
    return zipSync(files, { level: 6, mtime: new Date(checkpoint.createdAt) });
  }
}

/** Each signature of a document: who, which certificate, when, and the revision it covers. */
function revisionsOf(d: PackagedDocument, document: number, trustAnchors: Uint8Array[]): ReportRevision[] {
  return verifyPdf(d.bytes, { trustAnchors }).signatures.map((s, i) => ({
    document,
    file: d.file,
    n: i + 1,
    kind: s.kind,
    signer: s.signer?.subject ?? s.chain[0]?.subject ?? '?',
    issuer: s.signer?.issuer ?? s.chain[0]?.issuer ?? '?',
    serialNumber: s.signer?.serialNumber ?? s.chain[0]?.serialNumber ?? '?',
    signingTime: s.signingTime ?? '',
    timestamp: s.timestamp?.time ?? '',
    tsa: s.timestamp?.tsa ?? '',
    sha256: sha256Hex(d.bytes.subarray(0, s.revisionLength)),
  }));
}

function anchorLine(a: AnchorRecord): string {
  if (a.kind === 'witness') {
    const name = /^— (\S+) /u.exec(a.response ?? '')?.[1] ?? a.url;
    return `见证方 ${name} 已联署`;
  }
  try {
    const check = checkTimestampToken(tokenOfReply(Buffer.from(a.response ?? '', 'base64')), () =>
      Buffer.alloc(32),
    );
    return `时间戳 ${chinaTime(check.genTime?.getTime())}（${a.url}）`;
  } catch {
    return `时间戳（${a.url}）`;
  }
}
