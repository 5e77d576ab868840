/**
 * A local C2SP tlog-witness for tests: it checks the log's signature on the checkpoint and the
 * consistency proof from the size it last saw, answers 409 with that size when the request starts
 * elsewhere, and cosigns with its own Ed25519 key. (A production witness signs tlog-cosignature/v1
 * lines; this one signs the checkpoint text as a signed note — the difference does not matter to
 * the client, which stores the lines as they come.)
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyConsistency } from '../merkle.js';
import { openNote, parseCheckpoint, parseVerifierKey, signerFromSeed, signNote } from '../note.js';

export interface TestWitness {
  url: string;
  name: string;
  /** The size and root it last cosigned. */
  seen: { size: number; root: Buffer };
  requests: string[];
  close(): Promise<void>;
}

/** `logKey`: the log's verifier key, or how to get it when the first request comes. */
export async function startTestWitness(
  logKey: string | (() => Promise<string>),
  name = 'witness.test/w1',
): Promise<TestWitness> {
  const verifier = async () => parseVerifierKey(typeof logKey === 'string' ? logKey : await logKey());
  const signer = signerFromSeed(name, randomBytes(32));
  const state: TestWitness = {
    url: '',
    name,
    seen: { size: 0, root: Buffer.alloc(0) },
    requests: [],
    close: async () => {},
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void respond());
    const respond = async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      state.requests.push(body);
      const answer = (status: number, text: string, type = 'text/plain') =>
        res.writeHead(status, { 'content-type': type }).end(text);
      if (req.method !== 'POST' || req.url !== '/add-checkpoint') return answer(404, 'no such endpoint');
      const m = /^old (\d+)\n((?:[A-Za-z0-9+/]+={0,2}\n)*)\n/.exec(body);
      if (!m) return answer(400, 'malformed request');
      const old = Number(m[1]);
      const proof = m[2]!
        .split('\n')
        .filter(Boolean)
        .map((l) => Buffer.from(l, 'base64'));
      let text: string;
      try {
        text = openNote(body.slice(m[0].length), await verifier());
      } catch {
        return answer(403, 'the checkpoint is not signed by the log');
      }
      const c = parseCheckpoint(text);
      if (old !== state.seen.size) return answer(409, `${state.seen.size}\n`, 'text/x.tlog.size');
      if (c.size < old) return answer(400, 'the checkpoint is older than the one seen');
      const consistent =
        old === 0 ||
        (old === c.size
          ? c.rootHash.equals(state.seen.root)
          : verifyConsistency(old, c.size, state.seen.root, c.rootHash, proof));
      if (!consistent) return answer(422, 'the consistency proof does not verify');
      state.seen = { size: c.size, root: c.rootHash };
      const signed = signNote(text, [signer]);
      return answer(200, signed.slice(signed.lastIndexOf('\n\n') + 2));
    };
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  state.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return state;
}
