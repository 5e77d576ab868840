/**
 * The admin console (web/console, built by Vite into web/console/dist) served under /console/.
 *
 * Like the signing pages (signing-pages.ts): files from memory, index.html `no-store`, hashed
 * assets immutable, a strict CSP and never framed. Two differences:
 * - antd writes its styles as <style> elements at run time (CSS-in-JS), so each index.html answer
 *   carries a fresh nonce, in the CSP's style-src and in `<meta name="csp-nonce">`, which the
 *   console hands to antd's ConfigProvider (`csp.nonce`). No 'unsafe-inline'.
 * - The console routes in the browser (/console/templates/tpl_…): any path under /console/ that is
 *   not a file of the build answers index.html.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { assetCache, cspDirectives, loadPages, pageHeaders } from './static-pages.js';

export const CONSOLE_PAGES_DIR = fileURLToPath(new URL('../../../web/console/dist/', import.meta.url));

/** The placeholder in web/console/index.html that each answer replaces with its nonce. */
const NONCE_PLACEHOLDER = '__CSP_NONCE__';

const MISSING_PAGE = `<!doctype html><html lang="zh-CN"><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>控制台未构建</title>
<body>
<h1>控制台尚未构建 / The console is not built</h1>
<p>服务器找不到 <code>web/console/dist</code>。请在安装目录执行 <code>npm run build:web</code>
（<code>npm install</code> 会自动执行），然后重启服务。</p>
<p>The server has no <code>web/console/dist</code>. Run <code>npm run build:web</code> in the
installation (<code>npm install</code> runs it), then restart the service.</p>
</body></html>`;

export function consolePagesRoutes(options: { dir?: string } = {}) {
  return async (app: FastifyInstance) => {
    const dir = options.dir ?? CONSOLE_PAGES_DIR;
    const files = loadPages(dir);
    if (!files)
      app.log.error(
        { dir },
        'the console is not built: /console/ answers an error page; run `npm run build:web` and restart',
      );
    const indexHtml = files?.get('index.html')?.body.toString('utf8');

    const index = async (_request: unknown, reply: FastifyReply) => {
      const nonce = randomBytes(16).toString('base64');
      pageHeaders(reply, cspDirectives([], nonce).join('; ')).header('cache-control', 'no-store');
      if (!indexHtml) return reply.code(503).type('text/html; charset=utf-8').send(MISSING_PAGE);
      return reply.type('text/html; charset=utf-8').send(indexHtml.replaceAll(NONCE_PLACEHOLDER, nonce));
    };
    const hide = { schema: { hide: true } };
    app.get('/console', hide, index);
    app.get('/console/', hide, index);
    app.get('/console/*', hide, index);

    for (const [path, file] of files ?? []) {
      if (path === 'index.html') continue;
      app.get(`/console/${path}`, hide, async (_request, reply) =>
        pageHeaders(reply, cspDirectives([]).join('; '))
          .header('cache-control', assetCache(file))
          .type(file.type)
          .send(file.body),
      );
    }
  };
}
