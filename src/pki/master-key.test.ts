import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MasterKey } from './master-key.js';

describe('MasterKey', () => {
  it('generates a 0600 key file once and reopens what it sealed', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hetong-mk-'));
    const a = MasterKey.fromConfig({ dataDir });
    expect(statSync(join(dataDir, 'master.key')).mode & 0o777).toBe(0o600);
    const sealed = a.seal('s3cret', 'app-secret:app_1');
    const b = MasterKey.fromConfig({ dataDir });
    expect(b.open(sealed, 'app-secret:app_1').toString()).toBe('s3cret');
  });

  it('refuses a value moved to another purpose or tampered with', () => {
    const key = MasterKey.fromBytes(new Uint8Array(32).fill(7));
    const sealed = key.seal('s3cret', 'app-secret:app_1');
    expect(() => key.open(sealed, 'app-secret:app_2')).toThrow();
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[2]!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    parts[2] = flipped.toString('base64url');
    expect(() => key.open(parts.join('.'), 'app-secret:app_1')).toThrow();
  });

  it('accepts HETONG_MASTER_KEY as hex or base64 and rejects a wrong length', () => {
    const hex = 'ab'.repeat(32);
    const sealed = MasterKey.fromConfig({ masterKey: hex, dataDir: '/nonexistent' }).seal('x', 'a');
    const b64 = Buffer.from(hex, 'hex').toString('base64');
    expect(
      MasterKey.fromConfig({ masterKey: b64, dataDir: '/nonexistent' }).open(sealed, 'a').toString(),
    ).toBe('x');
    expect(() => MasterKey.fromConfig({ masterKey: 'abcd', dataDir: '/x' })).toThrow(/32 bytes/);
  });
});
