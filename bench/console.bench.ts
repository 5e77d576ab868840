/**
 * Console section (issue 11's two numbers):
 * - what a first visit downloads: index.html plus the entry script, its static imports and CSS,
 *   gzipped (level 9, as a server or CDN would), for the login page and for login + dashboard (the
 *   dashboard's lazily loaded chunk and its imports) — read from web/console/dist;
 * - the server's answer to the console's list pages on 100,000 contracts of one line (SQLite, the
 *   embedded default): the first page of 50, a later page by cursor, a status filter, a signer
 *   filter, and the dashboard counts, each called through HTTP with an admin session.
 *
 *   npm run bench -- console [--contracts=100000] [--count=500]
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { Db } from '../src/store/database.js';
import { benchArg } from './load.js';
import { printTable, timeSerial, type LatencySummary } from './stats.js';

const DIST = fileURLToPath(new URL('../web/console/dist/', import.meta.url));

/** The chunk files a module imports statically (`import … from"./x.js"`), not `import("./x.js")`. */
function staticImports(code: string): string[] {
  const out = new Set<string>();
  for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*)["`]\.\/([^"`]+\.(?:js|css))["`]/g)) out.add(m[1]!);
  return [...out];
}

/** gzip sizes of files under dist/assets reached from `roots` by static imports. */
function closure(roots: string[]): Map<string, number> {
  const sizes = new Map<string, number>();
  const queue = [...roots];
  while (queue.length) {
    const file = queue.pop()!;
    if (sizes.has(file)) continue;
    const body = readFileSync(join(DIST, 'assets', file));
    sizes.set(file, gzipSync(body, { level: 9 }).length);
    if (file.endsWith('.js')) queue.push(...staticImports(body.toString('utf8')));
  }
  return sizes;
}

function firstLoad(): { login: number; dashboard: number; files: number } | null {
  const indexPath = join(DIST, 'index.html');
  if (!existsSync(indexPath)) return null;
  const html = readFileSync(indexPath, 'utf8');
  const roots = [...html.matchAll(/(?:src|href)="\/console\/assets\/([^"]+)"/g)].map((m) => m[1]!);
  const login = closure(roots);
  const entry = roots.find((r) => r.endsWith('.js'))!;
  const dashboardChunk = readFileSync(join(DIST, 'assets', entry), 'utf8').match(
    /import\([`"]\.\/(Dashboard-[^`"]+\.js)[`"]\)/,
  )?.[1];
  const withDashboard = new Map([...login, ...(dashboardChunk ? closure([dashboardChunk]) : [])]);
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const indexGz = gzipSync(html, { level: 9 }).length;
  return {
    login: indexGz + sum(login),
    dashboard: indexGz + sum(withDashboard),
    files: withDashboard.size + 1,
  };
}

/** 100,000 contracts (a fifth of them completed), each with one person signer, in one statement per 1,000. */
async function fillContracts(db: Db, lineId: string, total: number): Promise<void> {
  const now = Date.now();
  for (let start = 0; start < total; start += 1000) {
    const n = Math.min(1000, total - start);
    const contracts = Array.from({ length: n }, (_, k) => {
      const i = start + k;
      const completed = i % 5 === 0;
      return {
        id: `ct_bench${String(i).padStart(17, '0')}`,
        business_line_id: lineId,
        group_id: null,
        title: `设备采购合同 ${i}`,
        status: completed ? ('completed' as const) : ('pending_signing' as const),
        template_version_id: null,
        template_id: null,
        data_sha256: '0'.repeat(64),
        data_json: '{}',
        expires_at: null,
        revoke_reason: null,
        reject_reason: null,
        completed_at: completed ? now - (total - i) * 1000 : null,
        scene_id: null,
        created_at: now - (total - i) * 1000,
        updated_at: now - (total - i) * 1000,
      };
    });
    await db.insertInto('contracts').values(contracts).execute();
    await db
      .insertInto('contract_signers')
      .values(
        contracts.map((c, k) => ({
          id: `cs_bench${String(start + k).padStart(17, '0')}`,
          contract_id: c.id,
          position: 0,
          role: '乙方',
          subject_json: JSON.stringify({
            kind: 'person',
            idType: 'user_id',
            id: `U-${start + k}`,
            name: '张三',
          }),
          subject_id: `U-${start + k}`,
          status: c.status === 'completed' ? ('signed' as const) : ('ready' as const),
          signed_at: c.completed_at,
          created_at: c.created_at,
          sign_order: 1,
          method: 'esign' as const,
          options_json: '{}',
          reading_started_at: null,
          last_page_seen: 0,
          read_at: null,
          reject_reason: null,
          signature_json: null,
          last_reminded_at: null,
          updated_at: c.updated_at,
        })),
      )
      .execute();
  }
}

export async function run(args: string[]): Promise<void> {
  const total = benchArg(args, 'contracts', 100_000);
  const count = benchArg(args, 'count', 500);

  const load = firstLoad();
  console.log(
    load
      ? `\n## Console first load (web/console/dist, gzip -9)\n` +
          `login page:          ${(load.login / 1024).toFixed(1)} KiB of HTML, JS and CSS\n` +
          `login + dashboard:   ${(load.dashboard / 1024).toFixed(1)} KiB in ${load.files} files (target ≤ 500 KB)`
      : '\n## Console first load: web/console/dist is not built (npm run build:web)',
  );

  const dataDir = mkdtempSync(join(tmpdir(), 'hetong-bench-console-'));
  const { loadConfig } = await import('../src/app/config.js');
  const { createApp } = await import('../src/app/container.js');
  const app = await createApp(loadConfig({ HETONG_DATA_DIR: dataDir, HETONG_LOG_LEVEL: 'warn' }), {
    logger: false,
    jobs: false,
  });
  try {
    const url = await app.server.listen({ port: 0, host: '127.0.0.1' });
    const { appId, businessLine } = await app.services.businessLines.create(
      { name: 'bench' },
      { actor: 'bench' },
    );
    const t0 = performance.now();
    await fillContracts(app.services.store.db, businessLine.id, total);
    const fillMs = performance.now() - t0;
    const password = `bench-${randomBytes(8).toString('hex')}`;
    await app.services.admin.createAccount(
      { username: 'bench-operator', password, role: 'operator' },
      { actor: 'bench' },
    );
    const login = await fetch(`${url}/admin/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench-operator', password }),
    });
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const base = `${url}/admin/api/lines/${appId}`;
    const getJson = async (path: string) => {
      const res = await fetch(`${base}${path}`, { headers: { cookie } });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { nextCursor?: string | null; items?: unknown[] };
    };
    const first = await getJson('/contracts?limit=50');
    let cursor = first.nextCursor!;
    for (let i = 0; i < 100; i++)
      cursor = (await getJson(`/contracts?limit=50&cursor=${cursor}`)).nextCursor!;

    const rows: LatencySummary[] = [
      await timeSerial('contracts, first page of 50', count, () => getJson('/contracts?limit=50')),
      await timeSerial('contracts, page 101 by cursor', count, () =>
        getJson(`/contracts?limit=50&cursor=${cursor}`),
      ),
      await timeSerial('contracts, status=completed', count, () =>
        getJson('/contracts?limit=50&status=completed'),
      ),
      await timeSerial('contracts, signerId filter', count, (i) =>
        getJson(`/contracts?limit=50&signerId=U-${(i * 7919) % total}`),
      ),
      await timeSerial('dashboard counts (contract-stats)', count, () =>
        getJson(`/contract-stats?since=${Date.now() - 86_400_000}`),
      ),
    ];
    printTable(
      `Console lists — ${total.toLocaleString('en')} contracts of one line (SQLite, filled in ${(fillMs / 1000).toFixed(1)} s), HTTP with an admin session, one at a time`,
      rows,
    );
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
