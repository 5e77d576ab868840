/**
 * Anchoring: the newest checkpoint is shown to parties outside our control — an RFC 3161 TSA,
 * which proves the checkpoint (and so every event under it) existed at its time, and C2SP
 * witnesses, which cosign it only if it extends what they saw before. Their answers are stored
 * with the checkpoint and go into evidence packages.
 *
 * Only the newest checkpoint is anchored: an anchored checkpoint vouches for every earlier one
 * through consistency proofs, so anchoring each of them would add calls, not evidence. A
 * checkpoint whose anchors all failed is tried again after `retryMs`. Two nodes anchoring the
 * same checkpoint at once both store valid answers; the later write wins.
 */
import { createHash } from 'node:crypto';
import type { HttpTimestampAuthority } from '../../pki/tsa/client.js';
import type { AnchorRecord, CheckpointRow } from './log-store.js';
import type { TransparencyLog } from './transparency-log.js';
import type { WitnessClient } from './witness.js';

export interface AnchoringDeps {
  log: TransparencyLog;
  tsa?: HttpTimestampAuthority;
  witnesses?: readonly WitnessClient[];
  retryMs?: number;
  now?: () => number;
}

/** The imprint a TSA timestamps: SHA-256 of the checkpoint's signed note, as served. */
export const checkpointImprint = (note: string): Buffer => createHash('sha256').update(note).digest();

export class CheckpointAnchoring {
  constructor(private readonly deps: AnchoringDeps) {}

  get enabled(): boolean {
    return this.deps.tsa !== undefined || (this.deps.witnesses?.length ?? 0) > 0;
  }

  /** Anchors the newest checkpoint when it is not anchored yet (or all its tries failed long ago). */
  async anchorLatest(): Promise<AnchorRecord[] | undefined> {
    if (!this.enabled) return undefined;
    const c = await this.deps.log.latestCheckpoint();
    if (!c || !this.#due(c)) return undefined;
    return this.anchor(c);
  }

  async anchor(c: CheckpointRow): Promise<AnchorRecord[]> {
    const now = this.deps.now ?? Date.now;
    const attempts: Promise<AnchorRecord>[] = [];
    const { tsa } = this.deps;
    if (tsa)
      attempts.push(
        settle('tsa', tsa.url, now, async () => {
          const reply = await tsa.request(checkpointImprint(c.note));
          return Buffer.from(reply.response).toString('base64');
        }),
      );
    for (const w of this.deps.witnesses ?? [])
      attempts.push(
        settle('witness', w.url, now, async () => {
          const r = await w.addCheckpoint(c.note, c.treeSize, (from) =>
            this.deps.log.proveConsistency(from, c.treeSize),
          );
          return r.cosignatures;
        }),
      );
    const anchors = await Promise.all(attempts);
    await this.deps.log.saveAnchors(c.treeSize, anchors);
    return anchors;
  }

  #due(c: CheckpointRow): boolean {
    if (c.anchors.length === 0) return true;
    if (c.anchors.some((a) => a.ok)) return false;
    const last = Math.max(...c.anchors.map((a) => a.at));
    return (this.deps.now ?? Date.now)() - last >= (this.deps.retryMs ?? 60_000);
  }
}

async function settle(
  kind: AnchorRecord['kind'],
  url: string,
  now: () => number,
  run: () => Promise<string>,
): Promise<AnchorRecord> {
  try {
    return { kind, url, at: now(), ok: true, response: await run() };
  } catch (e) {
    return { kind, url, at: now(), ok: false, error: (e as Error).message };
  }
}
