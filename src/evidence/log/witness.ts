/**
 * A client of a C2SP tlog-witness (https://c2sp.org/tlog-witness): it posts our newest checkpoint
 * with a consistency proof from the size the witness last saw, and keeps the witness's
 * cosignature. A witness cosigns only checkpoints consistent with what it saw before, so a log
 * that showed two histories to two parties is caught by the witnesses they both ask.
 *
 *   POST <witness>/add-checkpoint
 *   old <size the witness has>\n<base64 proof hash>\n…\n\n<signed checkpoint note>
 *
 * 200: note signature lines (the cosignatures). 409 with `text/x.tlog.size`: the witness has
 * another size for our log — we retry once from that size. 403/404/422: the witness refuses.
 */
import type { Hash } from './merkle.js';

export class WitnessError extends Error {}

export interface WitnessOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface Cosigned {
  /** The size the proof started from (what the witness had). */
  oldSize: number;
  /** The witness's answer: its note signature lines over our checkpoint. */
  cosignatures: string;
}

/** The add-checkpoint request body (C2SP tlog-witness §add-checkpoint). */
export function addCheckpointBody(oldSize: number, proof: readonly Hash[], note: string): string {
  const lines = proof.map((h) => `${Buffer.from(h).toString('base64')}\n`).join('');
  return `old ${oldSize}\n${lines}\n${note}`;
}

export class WitnessClient {
  /** The size each witness last cosigned, learnt from its answers (a 409 corrects it). */
  #known = 0;

  constructor(
    readonly url: string,
    private readonly options: WitnessOptions = {},
  ) {}

  async addCheckpoint(
    note: string,
    size: number,
    prove: (from: number) => Promise<readonly Hash[]>,
  ): Promise<Cosigned> {
    let oldSize = Math.min(this.#known, size);
    for (let attempt = 0; ; attempt++) {
      const proof = oldSize === 0 || oldSize === size ? [] : await prove(oldSize);
      const res = await (this.options.fetch ?? fetch)(new URL('add-checkpoint', this.#base()), {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: addCheckpointBody(oldSize, proof, note),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      const text = (await res.text()).slice(0, 64 * 1024);
      if (res.ok) {
        if (!/^— \S+ [A-Za-z0-9+/=]+\n/u.test(text))
          throw new WitnessError('the witness answered 200 without a cosignature line');
        this.#known = size;
        return { oldSize, cosignatures: text };
      }
      if (res.status === 409 && attempt === 0) {
        const theirs = Number(text.trim());
        if (!Number.isSafeInteger(theirs) || theirs < 0)
          throw new WitnessError(`the witness answered 409 without a size: ${JSON.stringify(text)}`);
        if (theirs > size)
          throw new WitnessError(
            `the witness has seen a tree of ${theirs} leaves, larger than our checkpoint of ${size}`,
          );
        oldSize = theirs;
        this.#known = theirs;
        continue;
      }
      throw new WitnessError(`the witness refused with HTTP ${res.status}: ${text.trim().slice(0, 200)}`);
    }
  }

  #base(): string {
    return this.url.endsWith('/') ? this.url : `${this.url}/`;
  }
}
