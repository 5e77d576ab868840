/**
 * C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 keys, and the checkpoints of
 * C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint) carried in them — the format Go's checksum
 * database, Sigstore and the transparency-log witnesses read, so any of their tools can check ours.
 *
 *   note      = text "\n" 1*signature-line        text ends with "\n"
 *   signature = "— " name " " base64(key id (4 bytes, big-endian) ‖ Ed25519 signature of text)
 *   key id    = SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key)[0:4]
 *   verifier  = name "+" hex(key id) "+" base64(0x01 ‖ public key)
 *   checkpoint text = origin "\n" tree size (decimal) "\n" base64(root hash) "\n" *extension-line
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

const ED25519 = 0x01;
const DASH = '\u2014 ';
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

export class NoteError extends Error {}

export interface Verifier {
  name: string;
  keyId: number;
  publicKey: Buffer;
  key: KeyObject;
}

export interface Signer extends Verifier {
  privateKey: KeyObject;
}

/** A key name: non-empty, no "+", no white space (signed-note §Signatures). */
function checkName(name: string): void {
  if (!name || /[+\s]/u.test(name)) throw new NoteError(`key name ${JSON.stringify(name)} is not valid`);
}

export function keyIdOf(name: string, publicKey: Uint8Array): number {
  const h = createHash('sha256')
    .update(name)
    .update('\n')
    .update(Uint8Array.of(ED25519))
    .update(publicKey)
    .digest();
  return h.readUInt32BE(0);
}

const hex8 = (id: number) => id.toString(16).padStart(8, '0');

/** A signer from a 32-byte Ed25519 seed (RFC 8032 §5.1.5 private key). */
export function signerFromSeed(name: string, seed: Uint8Array): Signer {
  checkName(name);
  if (seed.length !== 32) throw new NoteError('an Ed25519 private key is 32 bytes');
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const publicKey = spki.subarray(SPKI_ED25519.length);
  return { name, keyId: keyIdOf(name, publicKey), publicKey, key: createPublicKey(privateKey), privateKey };
}

/** The verifier key string of a signer, e.g. `example.com/log+8b2b5a3c+AR…`. */
export const verifierKeyString = (v: Verifier): string =>
  `${v.name}+${hex8(v.keyId)}+${Buffer.concat([Uint8Array.of(ED25519), v.publicKey]).toString('base64')}`;

/** The private key string of signed-note tools (`PRIVATE+KEY+name+id+base64(0x01 ‖ seed)`). */
export function signerFromKeyString(skey: string): Signer {
  const m = /^PRIVATE\+KEY\+([^+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(skey);
  if (!m) throw new NoteError('not a signed-note private key');
  const raw = Buffer.from(m[3]!, 'base64');
  if (raw.length !== 33 || raw[0] !== ED25519) throw new NoteError('not an Ed25519 private key');
  const signer = signerFromSeed(m[1]!, raw.subarray(1));
  if (hex8(signer.keyId) !== m[2]) throw new NoteError('the key id does not match the key');
  return signer;
}

/** Parses a verifier key string; its key id must match its name and key. */
export function parseVerifierKey(vkey: string): Verifier {
  // The base64 key may itself hold "+": split at the first two only.
  const m = /^([^+]*)\+([^+]*)\+(.*)$/s.exec(vkey.trim());
  if (!m) throw new NoteError('a verifier key is name+keyid+key');
  const [, name, id, key] = m as unknown as [string, string, string, string];
  checkName(name);
  if (!/^[0-9a-f]{8}$/.test(id)) throw new NoteError('the key id of a verifier key is 8 hex digits');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key)) throw new NoteError('the key of a verifier key is base64');
  const raw = Buffer.from(key, 'base64');
  if (raw.length !== 33 || raw[0] !== ED25519)
    throw new NoteError('only Ed25519 verifier keys (type 0x01) are supported');
  const publicKey = raw.subarray(1);
  const keyId = keyIdOf(name, publicKey);
  if (hex8(keyId) !== id) throw new NoteError('the key id does not match the name and key');
  return {
    name,
    keyId,
    publicKey,
    key: createPublicKey({ key: Buffer.concat([SPKI_ED25519, publicKey]), format: 'der', type: 'spki' }),
  };
}

function checkText(text: string): void {
  if (!text.endsWith('\n')) throw new NoteError('a note text ends with a newline');
  // Control characters other than newline are not allowed in note text (signed-note §Text).
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(text))
    throw new NoteError('a note text holds no control characters');
}

/** Signs `text` (ending in "\n") with each signer: the signed note. */
export function signNote(text: string, signers: readonly Signer[]): string {
  checkText(text);
  const lines = signers.map((s) => {
    const id = Buffer.alloc(4);
    id.writeUInt32BE(s.keyId);
    const sig = sign(null, Buffer.from(text, 'utf8'), s.privateKey);
    return `${DASH}${s.name} ${Buffer.concat([id, sig]).toString('base64')}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

export interface NoteSignature {
  name: string;
  keyId: number;
  signature: Buffer;
}

/** Splits a signed note into its text and signature lines (no verification). */
export function parseNote(note: string): { text: string; signatures: NoteSignature[] } {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n'))
    throw new NoteError('a signed note is its text, a blank line and signature lines');
  const text = note.slice(0, split + 1);
  checkText(text);
  const signatures = note
    .slice(split + 2, -1)
    .split('\n')
    .map((line) => {
      if (!line.startsWith(DASH))
        throw new NoteError(`not a signature line: ${JSON.stringify(line.slice(0, 60))}`);
      const [name, b64, extra] = line.slice(DASH.length).split(' ');
      if (!name || !b64 || extra !== undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64))
        throw new NoteError(`malformed signature line: ${JSON.stringify(line.slice(0, 60))}`);
      const raw = Buffer.from(b64, 'base64');
      if (raw.length < 5) throw new NoteError('a signature is a key id and signature bytes');
      return { name, keyId: raw.readUInt32BE(0), signature: raw.subarray(4) };
    });
  return { text, signatures };
}

/**
 * The note's text when `verifier` signed it. Signatures by other keys are ignored (witnesses add
 * theirs); a signature by this key that does not verify is an error, not a skip.
 */
export function openNote(note: string, verifier: Verifier): string {
  const { text, signatures } = parseNote(note);
  const mine = signatures.filter((s) => s.name === verifier.name && s.keyId === verifier.keyId);
  if (mine.length === 0)
    throw new NoteError(`the note is not signed by ${verifier.name}+${hex8(verifier.keyId)}`);
  for (const s of mine)
    if (!verify(null, Buffer.from(text, 'utf8'), verifier.key, s.signature))
      throw new NoteError(
        `the signature of ${verifier.name} does not verify: the note was changed or signed by another key`,
      );
  return text;
}

export interface Checkpoint {
  origin: string;
  size: number;
  rootHash: Buffer;
  extensions: string[];
}

export function formatCheckpoint(c: Checkpoint): string {
  if (!c.origin || /\n/.test(c.origin)) throw new NoteError('a checkpoint origin is one non-empty line');
  return [c.origin, String(c.size), c.rootHash.toString('base64'), ...c.extensions].join('\n') + '\n';
}

export function parseCheckpoint(text: string): Checkpoint {
  const lines = text.split('\n');
  if (lines.length < 4 || lines.at(-1) !== '')
    throw new NoteError('a checkpoint is origin, size and root hash lines');
  const [origin, size, root, ...rest] = lines.slice(0, -1) as [string, string, string, ...string[]];
  if (!origin) throw new NoteError('the checkpoint has no origin');
  if (!/^(0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size)))
    throw new NoteError('the checkpoint tree size is not a decimal number');
  const rootHash = Buffer.from(root, 'base64');
  if (rootHash.length !== 32 || rootHash.toString('base64') !== root)
    throw new NoteError('the checkpoint root hash is not 32 bytes of base64');
  return { origin, size: Number(size), rootHash, extensions: rest };
}
