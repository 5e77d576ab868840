/**
 * Static web apps built by Vite (the signing pages, the console), read once when the server
 * starts and answered from memory: the files of a build by URL path, their types, and the headers
 * every page answer carries (a strict CSP: scripts, styles, images and requests only from this
 * origin; images also as data:/blob: URLs).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { FastifyReply } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The CSP of a page; `styleNonce` admits the <style> elements a CSS-in-JS library writes. */
export const cspDirectives = (frameAncestors: readonly string[], styleNonce?: string) => [
  "default-src 'none'",
  "script-src 'self'",
  styleNonce ? `style-src 'self' 'nonce-${styleNonce}'` : "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  `frame-ancestors ${frameAncestors.length ? frameAncestors.join(' ') : "'none'"}`,
];

export interface StaticFile {
  body: Buffer;
  type: string;
  immutable: boolean;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** The files of a build, by URL path below its base (`index.html`, `assets/index-3f9a.js`, …). */
export function loadPages(dir: string): Map<string, StaticFile> | null {
  let paths: string[];
  try {
    paths = walk(dir);
  } catch {
    return null;
  }
  const files = new Map<string, StaticFile>();
  for (const path of paths) {
    const rel = relative(dir, path).split(sep).join('/');
    files.set(rel, {
      body: readFileSync(path),
      type: TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
      // Vite names everything under assets/ by its content hash.
      immutable: rel.startsWith('assets/'),
    });
  }
  return files.has('index.html') ? files : null;
}

/** The security headers of every page answer (the CSP given). */
export function pageHeaders(reply: FastifyReply, csp: string): FastifyReply {
  return reply
    .header('content-security-policy', csp)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cross-origin-opener-policy', 'same-origin');
}

/** Cache headers of a built file: hashed assets for a year, the rest revalidated. */
export function assetCache(file: StaticFile): string {
  return file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache';
}
