import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const hetong = (dataDir: string, ...args: string[]) =>
  spawnSync(process.execPath, ['bin/hetong.js', 'ca', ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      HETONG_DATA_DIR: dataDir,
      HETONG_MASTER_KEY: 'cd'.repeat(32),
      HETONG_PUBLIC_URL: 'https://ht.example.cn',
    },
  });

describe('hetong ca', () => {
  it('exports the same root PEM across runs, issues, revokes and prints a CRL openssl accepts', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hetong-cli-'));
    const first = hetong(dataDir, 'export-root');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/);
    expect(hetong(dataDir, 'export-root').stdout).toBe(first.stdout);

    const issued = hetong(
      dataDir,
      'issue',
      '--name',
      '示例公司',
      '--id-type',
      'USCC',
      '--id',
      '91330100MA2XXXXX0Q',
      '--org',
    );
    expect(issued.status).toBe(0);
    const serial = /serial ([0-9a-f]+)/.exec(issued.stderr)![1]!;
    expect(hetong(dataDir, 'revoke', serial, '--reason', 'superseded').status).toBe(0);
    const crl = hetong(dataDir, 'crl');
    const crlFile = join(dataDir, 'i.crl');
    writeFileSync(crlFile, crl.stdout);
    const issuing = join(dataDir, 'issuing.pem');
    writeFileSync(issuing, hetong(dataDir, 'export', 'issuing').stdout);
    const text = spawnSync('openssl', ['crl', '-in', crlFile, '-CAfile', issuing, '-noout', '-text'], {
      encoding: 'utf8',
    });
    expect(text.stdout + text.stderr).toContain('verify OK');
    expect(text.stdout.toLowerCase()).toContain(serial);
    expect(hetong(dataDir, 'revoke', serial, '--reason', 'bogus').status).toBe(1);
    expect(hetong(dataDir, 'nonsense').status).toBe(2);
    // Nine CLI processes (each migrating the database and loading tsx): slow on a busy machine.
  }, 240_000);

  it('creates one CA when two processes start on an empty data directory at once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hetong-cli-'));
    const exportRoot = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['bin/hetong.js', 'ca', 'export-root'], {
          env: { ...process.env, HETONG_DATA_DIR: dataDir, HETONG_MASTER_KEY: 'cd'.repeat(32) },
        });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
      });
    const [a, b] = await Promise.all([exportRoot(), exportRoot()]);
    expect(a).toContain('BEGIN CERTIFICATE');
    expect(a).toBe(b);
    expect(hetong(dataDir, 'export-root').stdout).toBe(a);
  });
});
