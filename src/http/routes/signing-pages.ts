/**
 * The signing pages (web/sign, built by Vite into web/sign/dist) served under /sign/.
 *
 * The files are read once when the server starts and answered from memory: index.html with
 * `no-store` (it names the current hashed assets, and a signing link is personal), the hashed
 * files under /sign/assets/ as `immutable` for a year. Every page answer carries a strict CSP:
 * scripts, styles, images and requests only from this origin (images also as data:/blob: URLs for
 * the drawn signature), frames only from this origin (the reading mode). `frame-ancestors 'none'`, except for an embedded (headless) link: its URL
 * names the link (`/sign/?l=<link id>`, not a secret: the token stays in the fragment) and the page
 * may be framed by the origins its scene allows (`embedOrigins`).
 *
 * A clone whose pages were never built (`npm run build:web`, run by `npm install`'s prepare
 * script) still starts: /sign/ answers a page saying so, and the start-up log says it once.
 */
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { assetCache, cspDirectives, loadPages, pageHeaders } from './static-pages.js';

/** The built signing pages of this checkout. */
export const SIGN_PAGES_DIR = fileURLToPath(new URL('../../../web/sign/dist/', import.meta.url));

/**
 * The pages' CSP: the shared directives, and frames from this origin only — the phone's reading
 * mode shows the session's HTML preview of a document (`…/preview.html`, no scripts) in a sandboxed
 * frame.
 */
const signCsp = (frameAncestors: readonly string[]) =>
  [...cspDirectives(frameAncestors), "frame-src 'self'"].join('; ');

export const SIGN_PAGES_CSP = signCsp([]);

const MISSING_PAGE = `<!doctype html><html lang="zh-CN"><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>签署页面未构建</title>
<body style="font:16px/1.6 system-ui,sans-serif;max-width:36em;margin:3em auto;padding:0 1em">
<h1>签署页面尚未构建 / The signing pages are not built</h1>
<p>服务器找不到 <code>web/sign/dist</code>。请在安装目录执行 <code>npm run build:web</code>
（<code>npm install</code> 会自动执行），然后重启服务。</p>
<p>The server has no <code>web/sign/dist</code>. Run <code>npm run build:web</code> in the
installation (<code>npm install</code> runs it), then restart the service.</p>
</body></html>`;

function signPageHeaders(reply: FastifyReply, frameAncestors: readonly string[] = []): FastifyReply {
  return pageHeaders(reply, frameAncestors.length ? signCsp(frameAncestors) : SIGN_PAGES_CSP);
}

const LINK_ID = /^sl_[0-9a-z]{25}$/;

export function signingPagesRoutes(
  options: {
    dir?: string;
    /** The origins allowed to frame the page of a headless link (none for others). */
    frameAncestors?: (linkId: string) => Promise<string[]>;
  } = {},
) {
  return async (app: FastifyInstance) => {
    const dir = options.dir ?? SIGN_PAGES_DIR;
    const files = loadPages(dir);
    if (!files)
      app.log.error(
        { dir },
        'signing pages are not built: /sign/ answers an error page; run `npm run build:web` and restart',
      );

    const index = async (request: FastifyRequest, reply: FastifyReply) => {
      const linkId = (request.query as { l?: unknown }).l;
      const ancestors =
        typeof linkId === 'string' && LINK_ID.test(linkId) && options.frameAncestors
          ? await options.frameAncestors(linkId)
          : [];
      signPageHeaders(reply, ancestors).header('cache-control', 'no-store');
      if (!files) return reply.code(503).type('text/html; charset=utf-8').send(MISSING_PAGE);
      const file = files.get('index.html')!;
      return reply.type(file.type).send(file.body);
    };
    const hide = { schema: { hide: true } };
    app.get('/sign', hide, index);
    app.get('/sign/', hide, index);
    app.get('/sign/index.html', hide, index);

    for (const [path, file] of files ?? []) {
      if (path === 'index.html') continue;
      app.get(`/sign/${path}`, hide, async (_request, reply) =>
        signPageHeaders(reply).header('cache-control', assetCache(file)).type(file.type).send(file.body),
      );
    }
  };
}
