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
import type { Db } from '../../store/database.js';
import { leafEventOf } from '../audit.js';
import type { LeafEvent } from '../log/leaf.js';
import { leafData, leafHashHex } from '../log/leaf.js';
import type { LogKeys } from '../log/log-key.js';
import { signNote } from '../log/note.js';
import type { TransparencyLog } from '../log/transparency-log.js';
import { anchorFiles } from './anchors.js';
import { formatManifest } from './manifest.js';

export interface PackagedEvent {
  leafIndex: number;
  event: LeafEvent;
}

export interface PackagedDocument {
  file: string;
  bytes: Uint8Array;
}

/** What the report template is filled with. */
export interface EvidenceReportInput {
  contract: Record<string, unknown>;
  documents: { file: string; sha256: string }[];
  events: PackagedEvent[];
  checkpoint: { treeSize: number; rootHash: string; note: string };
  logKey: string;
}

export interface EvidencePackageSource {
  /** The contract as the API shows it (404 when not the line's). */
  contract(
    lineId: string,
    contractId: string,
  ): Promise<{ view: Record<string, unknown>; documents: PackagedDocument[] }>;
  trustAnchors(): Promise<Uint8Array[]>;
  report?: (input: EvidenceReportInput) => Promise<Uint8Array>;
}

const sha256Hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

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

  async build(lineId: string, contractId: string): Promise<Uint8Array> {
    const { view, documents } = await this.deps.source.contract(lineId, contractId);
    // Every event recorded so far joins the tree, and a checkpoint covers the last of them.
    await this.deps.log.integrate();
    const rows = await this.deps.db
      .selectFrom('audit_events')
      .selectAll()
      .where('target', '=', contractId)
      .where('business_line_id', '=', lineId)
      .where('leaf_index', 'is not', null)
      .orderBy('leaf_index')
      .execute();
    const events: PackagedEvent[] = rows.map((r) => ({
      leafIndex: Number(r.leaf_index),
      event: leafEventOf(r),
    }));
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
      'trust-anchors.pem': Buffer.from((await this.deps.source.trustAnchors()).map(pem).join('')),
      ...anchorFiles(checkpoint.anchors),
    };
    for (const d of documents) files[`documents/${d.file}`] = [d.bytes, { level: 0 }];
    if (this.deps.source.report)
      files['report.pdf'] = [
        await this.deps.source.report({
          contract: view,
          documents: docs,
          events,
          checkpoint: {
            treeSize: checkpoint.treeSize,
            rootHash: checkpoint.rootHash.toString('base64'),
            note: checkpoint.note,
          },
          logKey,
        }),
        { level: 0 },
      ];
    return zipSync(files, { level: 6, mtime: new Date(checkpoint.createdAt) });
  }
}
