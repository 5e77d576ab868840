import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The key-encryption key (KEK) that protects secrets at rest: business-line app secrets, custody
 * private keys, webhook secrets. It comes from `HETONG_MASTER_KEY` (32 bytes, hex or base64) or from
 * `DATA_DIR/master.key`, generated on first use with mode 0600.
 *
 * Sealed values are AES-256-GCM (NIST SP 800-38D) with a random 96-bit IV:
 * `v1.<iv b64url>.<ciphertext b64url>.<tag b64url>`; `aad` binds a value to its purpose and owner
 * (e.g. "app-secret:<appId>") so a sealed value cannot be moved to another row.
 */
export class MasterKey {
  private constructor(private readonly key: Buffer) {}

  static fromConfig(options: { masterKey?: string; dataDir: string }): MasterKey {
    if (options.masterKey) return new MasterKey(parseKey(options.masterKey, 'HETONG_MASTER_KEY'));
    const file = join(options.dataDir, 'master.key');
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      // 'wx' fails if another process created the file first; then we read theirs.
      try {
        writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      chmodSync(file, 0o600);
    }
    return new MasterKey(parseKey(readFileSync(file, 'utf8').trim(), file));
  }

  static fromBytes(key: Uint8Array): MasterKey {
    if (key.length !== 32) throw new Error('a master key is 32 bytes');
    return new MasterKey(Buffer.from(key));
  }

  seal(plaintext: Uint8Array | string, aad: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return [
      'v1',
      iv.toString('base64url'),
      data.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
    ].join('.');
  }

  /**
   * A 32-byte key for one purpose (e.g. `intent-code-hmac`), derived with HKDF-SHA256 (RFC 5869):
   * keys for MACs never reuse the encryption key itself, and each purpose gets its own.
   */
  deriveKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.key, Buffer.alloc(0), `hetong:${purpose}`, 32));
  }

  open(sealed: string, aad: string): Buffer {
    const [version, iv, data, tag] = sealed.split('.');
    if (version !== 'v1' || !iv || data === undefined || !tag) throw new Error('not a sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]);
  }
}

function parseKey(text: string, source: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32)
    throw new Error(`${source}: the master key must be 32 bytes (64 hex digits or base64)`);
  return key;
}
