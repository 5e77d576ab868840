/**
 * `npm start` smoke test: spawns `node bin/hetong.js serve` on a fresh data dir and a free port,
 * waits for /readyz, reads the printed first-start credentials, makes a signed request with the
 * client, then SIGTERM → exit code 0. Also runs the `business-line create --json` command.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { HetongClient } from '../client/index.js';

const bin = join(import.meta.dirname, '../../bin/hetong.js');
const dataDir = mkdtempSync(join(tmpdir(), 'hetong-smoke-'));
const env = {
  ...process.env,
  HETONG_DATA_DIR: dataDir,
  HETONG_PORT: '0',
  HETONG_HOST: '127.0.0.1',
  HETONG_LOG_LEVEL: 'warn',
};

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm start', () => {
  it('starts, prints credentials that work, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.resume();
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 60_000;
      while (!/appSecret: \S+/.test(stderr) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      const base = /listening on (http:\/\/[\d.:]+)/.exec(stderr)?.[1];
      const appId = /appId:\s+(\S+)/.exec(stderr)?.[1];
      const appSecret = /appSecret:\s+(\S+)/.exec(stderr)?.[1];
      const password = /password:\s+(\S+)/.exec(stderr)?.[1];
      expect(base && appId && appSecret && password, stderr).toBeTruthy();
      expect(stderr).toContain('/docs');

      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      const client = new HetongClient({ baseUrl: base!, appId: appId!, appSecret: appSecret! });
      expect((await client.businessLine()).autoApprove).toBe(true);
      const login = await fetch(`${base}/admin/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      expect(login.status).toBe(200);
      const root = await fetch(`${base}/pki/ca/root.cer`);
      expect(root.headers.get('content-type')).toBe('application/pkix-cert');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('business-line create --json prints exactly {"appId","appSecret"}', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [bin, 'business-line', 'create', '销售', '--auto-approve', '--json'],
      { env },
    );
    const parsed = JSON.parse(stdout) as Record<string, string>;
    expect(Object.keys(parsed)).toEqual(['appId', 'appSecret']);
    expect(parsed.appId).toMatch(/^app_/);
    const { stdout: list } = await promisify(execFile)(
      process.execPath,
      [bin, 'business-line', 'list', '--json'],
      { env },
    );
    const line = (JSON.parse(list) as { appId: string; autoApprove: boolean; name: string }[]).find(
      (l) => l.appId === parsed.appId,
    );
    expect(line).toMatchObject({ name: '销售', autoApprove: true });
    const { stdout: migrated } = await promisify(execFile)(process.execPath, [bin, 'migrate'], { env });
    expect(migrated.trim()).toBe('up to date');
  });
});
