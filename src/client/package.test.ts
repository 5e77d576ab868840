/**
 * The client as a business system gets it: `npm pack`, the tarball unpacked into a fresh project's
 * node_modules (the client's built code needs only Node, so no registry is involved), then
 * `import … from 'hetong/client'` run by Node and type-checked by tsc as a consumer would.
 */
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatureMatches } from '../tenancy/signature.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'hetong-client-package-'));

const CONSUMER_MJS = `
import { HetongClient, HetongApiError } from 'hetong/client';
const seen = [];
const fetch = async (url, init) => {
  seen.push({ url, method: init.method, headers: init.headers });
  if (url.endsWith('/missing/download'))
    return new Response(JSON.stringify({ error: { code: 'CONTRACT_NOT_FOUND', message: 'no such contract' } }), { status: 404 });
  return new Response(new Uint8Array([0x25, 0x50, 0x44, 0x46]), {
    headers: {
      'content-type': 'application/pdf',
      etag: '"abc"',
      'content-disposition': "attachment; filename=\\"__.pdf\\"; filename*=UTF-8''" + encodeURIComponent('合同.pdf'),
    },
  });
};
const client = new HetongClient({ baseUrl: 'http://hetong.test/', appId: 'app_1', appSecret: 's3cret', now: () => 1700000000000, fetch });
const bytes = await client.downloadDocument('ct_1', 'doc_1');
const file = await client.downloadDocumentFile('ct_1', 'doc_1');
let error;
try { await client.downloadDocument('ct_1', 'missing'); } catch (e) { error = { isApiError: e instanceof HetongApiError, code: e.code, status: e.status }; }
let deepImport;
try { await import('hetong/src/client/index.js'); } catch (e) { deepImport = e.code; }
console.log(JSON.stringify({
  isUint8Array: bytes instanceof Uint8Array,
  bytes: [...bytes],
  file: { status: file.status, fileName: file.fileName, contentType: file.contentType, etag: file.etag },
  error,
  deepImport,
  request: seen[0],
}));
`;

// Wrong calls marked @ts-expect-error: if the types resolved to `any`, tsc would call them unused.
const CONSUMER_TS = `
import { HetongClient, HetongApiError, type ContractInfo, type DocumentFile } from 'hetong/client';
const client = new HetongClient({ baseUrl: 'http://127.0.0.1:8080', appId: 'a', appSecret: 's' });
export async function use(): Promise<void> {
  const pdf: Uint8Array = await client.downloadDocument('ct_1', 'doc_1');
  const file: DocumentFile = await client.downloadDocumentFile('ct_1', 'doc_1', { ifNoneMatch: '"x"' });
  const name: string | null = file.fileName;
  const contract: ContractInfo = await client.contract('ct_1');
  const status: 'pending_signing' | 'completed' | 'rejected' | 'revoked' | 'expired' = contract.status;
  // @ts-expect-error: the bytes are not an object with a body
  void (await client.downloadDocument('ct_1', 'doc_1')).body;
  // @ts-expect-error: a contract id is a string
  await client.contract(42);
  await client.createContract({
    title: 't',
    // @ts-expect-error: the subject kind is spelled 'organization'
    signers: [{ role: 'r', subject: { kind: 'organisation', idType: 'USCC', id: '1', name: 'n' } }],
  });
  void [pdf, name, status, HetongApiError];
}
`;

let packed: string[] = [];

beforeAll(() => {
  // What `npm pack` runs first (the prepack script), then the pack without the web build of `prepare`.
  execFileSync('npm', ['run', '--silent', 'prepack'], { cwd: root, stdio: 'pipe' });
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  packed = info!.files.map((f) => f.path);
  const modules = join(dir, 'node_modules');
  mkdirSync(modules);
  execFileSync('tar', ['-xzf', join(dir, info!.filename), '-C', modules]);
  renameSync(join(modules, 'package'), join(modules, 'hetong'));
  // Node's types, as a consumer's own devDependency would provide them.
  mkdirSync(join(modules, '@types'));
  symlinkSync(join(root, 'node_modules/@types/node'), join(modules, '@types/node'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'business-system', type: 'module' }));
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the packed client ('hetong/client')", () => {
  it('ships the built JavaScript and its declarations', () => {
    expect(packed).toEqual(
      expect.arrayContaining(['dist/client/client/index.js', 'dist/client/client/index.d.ts']),
    );
    // Every module the built client imports is in the package.
    const js = readFileSync(join(dir, 'node_modules/hetong/dist/client/client/index.js'), 'utf8');
    for (const [, spec] of js.matchAll(/from '(\.\.?\/[^']+)'/g))
      expect(packed).toContain(join('dist/client/client', spec!));
  });

  it('imports and works in a Node project that installed the tarball', () => {
    writeFileSync(join(dir, 'consumer.mjs'), CONSUMER_MJS);
    const out = execFileSync(process.execPath, ['consumer.mjs'], { cwd: dir, encoding: 'utf8' });
    const r = JSON.parse(out) as {
      isUint8Array: boolean;
      bytes: number[];
      file: Record<string, unknown>;
      error: Record<string, unknown>;
      deepImport: string;
      request: { url: string; method: string; headers: Record<string, string> };
    };
    expect(r.isUint8Array).toBe(true);
    expect(Buffer.from(r.bytes).toString('latin1')).toBe('%PDF');
    expect(r.file).toEqual({
      status: 200,
      fileName: '合同.pdf',
      contentType: 'application/pdf',
      etag: '"abc"',
    });
    expect(r.error).toEqual({ isApiError: true, code: 'CONTRACT_NOT_FOUND', status: 404 });
    // Only what `exports` names is public: source paths are not.
    expect(r.deepImport).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
    const path = '/api/v1/contracts/ct_1/documents/doc_1/download';
    expect(r.request.url).toBe(`http://hetong.test${path}`);
    const h = r.request.headers;
    expect(h['x-hetong-app-id']).toBe('app_1');
    expect(h['x-hetong-timestamp']).toBe('1700000000000');
    const input = {
      method: 'GET',
      pathWithQuery: path,
      timestamp: h['x-hetong-timestamp']!,
      nonce: h['x-hetong-nonce']!,
      body: new Uint8Array(0),
    };
    expect(signatureMatches('s3cret', input, h['x-hetong-signature']!)).toBe(true);
  });

  it('resolves its types for a TypeScript consumer (tsc, moduleResolution NodeNext)', () => {
    writeFileSync(join(dir, 'consumer.ts'), CONSUMER_TS);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          types: ['node'],
        },
        files: ['consumer.ts'],
      }),
    );
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], {
        cwd: dir,
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (e) {
      output = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(output).toBe('');
  }, 60_000);
});
