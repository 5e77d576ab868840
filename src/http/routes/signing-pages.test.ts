import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { SIGN_PAGES_CSP, signingPagesRoutes } from './signing-pages.js';

const dirs: string[] = [];
function build(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hetong-sign-pages-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
async function serve(dir: string) {
  const app = Fastify();
  await app.register(signingPagesRoutes({ dir }));
  return app;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('signing pages route', () => {
  it('serves index.html uncached with the CSP, hashed assets immutable with their types', async () => {
    const app = await serve(
      build({
        'index.html': '<!doctype html><title>签署</title>',
        'assets/index-abc123.js': 'console.log(1)',
        'assets/index-abc123.css': 'body{}',
        'favicon.svg': '<svg/>',
      }),
    );
    for (const url of ['/sign', '/sign/', '/sign/index.html']) {
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['content-security-policy']).toBe(SIGN_PAGES_CSP);
      expect(res.body).toContain('签署');
    }
    const js = await app.inject({ url: '/sign/assets/index-abc123.js' });
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['x-content-type-options']).toBe('nosniff');
    const css = await app.inject({ url: '/sign/assets/index-abc123.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const icon = await app.inject({ url: '/sign/favicon.svg' });
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    expect(icon.headers['cache-control']).toBe('no-cache');
    expect((await app.inject({ url: '/sign/assets/other.js' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/sign/../package.json' })).statusCode).toBe(404);
    await app.close();
  });

  it('a checkout without the build answers a page saying how to build it', async () => {
    const app = await serve(join(tmpdir(), 'hetong-no-such-build'));
    const res = await app.inject({ url: '/sign/' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('npm run build:web');
    await app.close();
  });
});
