import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has the embedded defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      sqliteSynchronous: 'NORMAL',
      bodyLimit: 1_048_576,
      trustProxy: false,
    });
    expect(c.dataDir.endsWith('/data')).toBe(true);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.s3).toBeUndefined();
  });

  it('reads HETONG_* variables', () => {
    const c = loadConfig({
      HETONG_PORT: '0',
      HETONG_DATA_DIR: '/tmp/x',
      HETONG_DATABASE_URL: 'postgres://u@h/db',
      HETONG_SQLITE_SYNCHRONOUS: 'full',
      HETONG_BODY_LIMIT: '2048',
      HETONG_TRUST_PROXY: 'true',
      HETONG_S3_BUCKET: 'b',
      HETONG_PUBLIC_URL: 'https://ht.example.com/',
    });
    expect(c).toMatchObject({
      port: 0,
      dataDir: '/tmp/x',
      databaseUrl: 'postgres://u@h/db',
      sqliteSynchronous: 'FULL',
      bodyLimit: 2048,
      trustProxy: true,
      publicUrl: 'https://ht.example.com',
    });
    expect(c.s3).toMatchObject({ bucket: 'b', region: 'us-east-1', forcePathStyle: true, prefix: '' });
  });

  it('refuses nonsense values', () => {
    expect(() => loadConfig({ HETONG_PORT: '70000' })).toThrow();
    expect(() => loadConfig({ HETONG_BODY_LIMIT: '-1' })).toThrow();
    expect(() => loadConfig({ HETONG_SQLITE_SYNCHRONOUS: 'OFF' })).toThrow();
  });
});

describe('openServices', () => {
  it('refuses PostgreSQL without a shared master key, before connecting', async () => {
    const { openServices } = await import('./container.js');
    const config = loadConfig({
      HETONG_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      HETONG_DATA_DIR: '/nonexistent',
    });
    await expect(openServices(config)).rejects.toMatchObject({ code: 'CONFIG_MASTER_KEY_REQUIRED' });
  });
});
