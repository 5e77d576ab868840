import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { openCliPki } from './open-ca.js';

describe('openCliPki (CLI commands through the composition root)', () => {
  it('warns when it creates a new data directory, and names the one it uses afterwards', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'hetong-cli-')), 'data');
    const config = loadConfig({ HETONG_DATA_DIR: dataDir });
    const said: string[] = [];
    await (await openCliPki(config, (l) => said.push(l))).close();
    await (await openCliPki(config, (l) => said.push(l))).close();
    expect(said).toEqual([
      `hetong: warning: created a new data directory ${resolve(dataDir)} (new database, new CA). ` +
        `Set HETONG_DATA_DIR to the service's directory to use its CA.`,
      `hetong: using data directory ${resolve(dataDir)}`,
    ]);
  });

  it('holds the service’s start-up checks: PostgreSQL without HETONG_MASTER_KEY is refused', async () => {
    const config = loadConfig({
      HETONG_DATA_DIR: mkdtempSync(join(tmpdir(), 'hetong-cli-')),
      HETONG_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
    });
    await expect(openCliPki(config, () => {})).rejects.toMatchObject({ code: 'CONFIG_MASTER_KEY_REQUIRED' });
  });
});
