import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { FilePkiStore } from './file-pki-store.js';
import { pkiStoreContract } from './pki-store.contract.js';

pkiStoreContract('files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hetong-pki-'));
  return { store: new FilePkiStore(dir), reopen: async () => new FilePkiStore(dir) };
});

it('writes custody keys with mode 0600 and leaves no temporary files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hetong-pki-'));
  const store = new FilePkiStore(dir);
  await store.putCustodyKey('ab', 'v1.x');
  await store.putCustodyKey('ab', 'v1.y');
  expect(statSync(join(dir, 'pki', 'keys', 'ab.key')).mode & 0o777).toBe(0o600);
  expect(readdirSync(join(dir, 'pki', 'keys'))).toEqual(['ab.key']);
  await expect(store.getCustodyKey('../../etc/passwd')).rejects.toThrow(/unsafe/);
});
