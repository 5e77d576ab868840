import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  formatCheckpoint,
  openNote,
  parseCheckpoint,
  parseVerifierKey,
  signerFromKeyString,
  signerFromSeed,
  signNote,
  verifierKeyString,
} from './note.js';

// The reference example of golang.org/x/mod/sumdb/note (its package documentation and tests):
// Ed25519 is deterministic (RFC 8032), so our note must equal theirs byte for byte.
const VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const SIGNED = `${TEXT}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

describe('signed notes (C2SP signed-note)', () => {
  it('match the Go reference example byte for byte', () => {
    const signer = signerFromKeyString(SKEY);
    expect(verifierKeyString(signer)).toBe(VKEY);
    expect(signNote(TEXT, [signer])).toBe(SIGNED);
    expect(openNote(SIGNED, parseVerifierKey(VKEY))).toBe(TEXT);
  });

  it('refuse a changed text, another key, and malformed keys', () => {
    const v = parseVerifierKey(VKEY);
    expect(() => openNote(SIGNED.replace('cryptography', 'cryptographY'), v)).toThrow(/does not verify/);
    const other = signerFromSeed('PeterNeumann', randomBytes(32));
    expect(() => openNote(signNote(TEXT, [other]), v)).toThrow(/not signed by/);
    expect(() => parseVerifierKey(VKEY.replace('c74f20a3', 'c74f20a4'))).toThrow(/key id/);
    expect(() => parseVerifierKey('PeterNeumann+c74f20a3')).toThrow();
    expect(() => openNote(TEXT, v)).toThrow(/blank line/);
  });

  it('keep other signers’ lines (witness cosignatures) and still verify ours', () => {
    const log = signerFromSeed('example.com/log', randomBytes(32));
    const witness = signerFromSeed('witness.example', randomBytes(32));
    const note = signNote('example.com/log\n1\n' + Buffer.alloc(32).toString('base64') + '\n', [
      log,
      witness,
    ]);
    expect(openNote(note, parseVerifierKey(verifierKeyString(log)))).toContain('example.com/log');
    expect(openNote(note, parseVerifierKey(verifierKeyString(witness)))).toContain('\n1\n');
  });

  it('checkpoints round-trip and refuse malformed sizes and hashes', () => {
    const c = { origin: 'hetong.example/evidence', size: 12, rootHash: randomBytes(32), extensions: [] };
    expect(parseCheckpoint(formatCheckpoint(c))).toEqual(c);
    expect(() => parseCheckpoint('o\n012\n' + c.rootHash.toString('base64') + '\n')).toThrow(/decimal/);
    expect(() => parseCheckpoint('o\n12\nAAAA\n')).toThrow(/32 bytes/);
    expect(() => parseCheckpoint('o\n12\n')).toThrow();
  });
});
