import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toPem } from '../pem.js';

/** Test helper: a scratch directory and the Debian `openssl` binary. */
export function scratch(): {
  dir: string;
  pem: (name: string, der: Uint8Array, label?: 'CERTIFICATE' | 'X509 CRL') => string;
  file: (name: string, data: Uint8Array | string) => string;
} {
  const dir = mkdtempSync(join(tmpdir(), 'hetong-pki-'));
  return {
    dir,
    pem: (name, der, label = 'CERTIFICATE') => {
      const path = join(dir, name);
      writeFileSync(path, toPem(der, label));
      return path;
    },
    file: (name, data) => {
      const path = join(dir, name);
      writeFileSync(path, data);
      return path;
    },
  };
}

export function openssl(...args: string[]): { status: number; out: string } {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}
