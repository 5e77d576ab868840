/**
 * Signing pages section (issue 10's three numbers; DESIGN.md: phone page ≤ 150 KB JS + CSS gzipped,
 * first page visible ≤ 1 s with the CPU throttled 4×, every API call p99 ≤ 200 ms at the edge):
 * - the phone's first load: index.html, the entry script with its static imports and the CSS,
 *   gzipped at level 9, read from web/sign/dist (lazy chunks — combined signing, drawing, the
 *   reading mode — not counted);
 * - the first page image visible: Chromium (playwright-core, Debian's chromium) as a 390×844 phone
 *   with the CPU throttled 4× (CDP Emulation.setCPUThrottlingRate), a fresh signing link each run
 *   on 127.0.0.1, from navigation start to the first page's image loaded and painted; the first run
 *   also waits for the server's first render of the contract's pages, the others find them cached;
 * - POST /sign/api/sign for a signer with two sign fields (two PAdES signatures), timed at the
 *   HTTP edge over loopback: as the first signer, and as the last one (then the DSS and the
 *   document timestamp of B-LTA follow in the same call).
 *
 *   npm run bench -- pages [--runs=7] [--signs=60]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchData, benchLine } from './bench-line.js';
import { firstLoad } from './first-load.js';
import { benchArg } from './load.js';
import { printTable, summarize, timeSerial, type LatencySummary } from './stats.js';

const DIST = fileURLToPath(new URL('../web/sign/dist/', import.meta.url));
const ORG = {
  kind: 'organization' as const,
  idType: 'USCC',
  id: '91310000MA1FLPAGES',
  name: '基准页面科技有限公司',
};
const KB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB (${(bytes / 1024).toFixed(1)} KiB)`;

function reportFirstLoad(): void {
  const fl = firstLoad(DIST, '/sign/');
  console.log('\n## Signing pages: first load (gzip -9)\n');
  if (!fl) {
    console.log('web/sign/dist is not built: run `npm run build:web`');
    return;
  }
  console.log('| file | gzip bytes |');
  console.log('|---|---|');
  for (const [file, bytes] of fl.files) console.log(`| ${file} | ${bytes} |`);
  console.log(`| **JS** | ${fl.js} |`);
  console.log(`| **CSS** | ${fl.css} |`);
  console.log(`| **JS + CSS** | ${fl.js + fl.css} = ${KB(fl.js + fl.css)} |`);
  console.log(`| **JS + CSS + index.html** | ${fl.total} = ${KB(fl.total)} |`);
}

export async function run(args: string[]): Promise<void> {
  const runs = benchArg(args, 'runs', 7);
  const signs = benchArg(args, 'signs', 60);
  reportFirstLoad();

  const dataDir = mkdtempSync(join(tmpdir(), 'hetong-bench-pages-'));
  const { loadConfig } = await import('../src/app/config.js');
  const { createApp } = await import('../src/app/container.js');
  const { launchChromium } = await import('../test/web/browser.js');
  const app = await createApp(loadConfig({ HETONG_DATA_DIR: dataDir, HETONG_LOG_LEVEL: 'warn' }), {
    logger: false,
  });
  const browser = await launchChromium();
  try {
    const { url, client, template } = await benchLine(app, {
      signFields: [
        { role: '甲方', keyword: '甲方（盖章）', width: 120, height: 120 },
        { role: '乙方', page: 3, x: 350, y: 150, width: 120, height: 80 },
        { role: '乙方', page: 1, x: 380, y: 60, width: 120, height: 80 },
      ],
    });
    await client.createAuthorization({ subject: ORG, validTo: Date.now() + 86_400_000 });
    const data = benchData();
    let n = 0;
    /** A contract whose person (乙方, two fields) signs first, or last after the organisation. */
    const contract = async (personLast: boolean) => {
      const i = n++;
      const created = await client.createContract({
        templateId: template.id,
        title: `页面基准合同 ${i}`,
        data: { ...data[i % data.length]!, contractNo: `HT-PAGES-${i}` },
        signers: [
          { role: '甲方', subject: ORG, signOrder: personLast ? 1 : 2 },
          {
            role: '乙方',
            subject: { kind: 'person', idType: 'user_id', id: `U-PAGES-${i}`, name: '张三' },
            signOrder: personLast ? 2 : 1,
          },
        ],
      });
      const c = await client.contract(created.id);
      const [org, person] = c.signers!;
      if (personLast) await client.autoSign(created.id, org!.id);
      return { id: created.id, personId: person!.id };
    };

    // The first page image visible, CPU throttled 4×.
    const shown = await contract(false);
    const visible: number[] = [];
    /** Where the time goes (ms from navigation start): the script loaded, the session answered, the image requested and answered. */
    const phases: Record<string, number[]> = {
      script: [],
      sessionAsked: [],
      session: [],
      imageAsked: [],
      imageAnswered: [],
    };
    for (let r = 0; r < runs; r++) {
      const link = await client.signUrl(shown.id, shown.personId, { client: 'h5' });
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 3,
        isMobile: true,
        hasTouch: true,
        locale: 'zh-CN',
      });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await page.goto(`${url}/sign/#token=${/#token=(.+)$/.exec(link.url)![1]!}`, { waitUntil: 'commit' });
      // Loaded, then the frame after it painted. (A function, not a string: the page's CSP forbids eval.)
      await page.waitForFunction(
        () => {
          type Img = { complete: boolean; naturalWidth: number };
          const doc = (globalThis as unknown as { document: { querySelector(s: string): Img | null } })
            .document;
          const img = doc.querySelector('.page img');
          return !!img && img.complete && img.naturalWidth > 0;
        },
        null,
        { polling: 'raf', timeout: 60_000 },
      );
      visible.push(
        (await page.evaluate(
          'new Promise((r) => requestAnimationFrame(() => r(performance.now())))',
        )) as number,
      );
      const marks = (await page.evaluate(`(() => {
        const all = performance.getEntriesByType('resource');
        const find = (re) => all.find((e) => re.test(e.name));
        const js = find(/\\/sign\\/assets\\/index-.*\\.js$/), session = find(/\\/sign\\/api\\/session$/), png = find(/\\/pages\\/1\\.png/);
        return { script: js?.responseEnd, sessionAsked: session?.startTime, session: session?.responseEnd, imageAsked: png?.startTime, imageAnswered: png?.responseEnd };
      })()`)) as Record<string, number | undefined>;
      for (const [k, v] of Object.entries(marks)) if (v !== undefined) phases[k]!.push(v);
      await context.close();
    }
    const [cold, ...warm] = visible;
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
    printTable('Signing pages: first page image visible (390×844 phone, CPU 4× slower, 127.0.0.1)', [
      summarize('first open of the contract (server renders its pages)', [cold!], cold!),
      summarize(
        'later opens (fresh link and browser, pages cached by the server)',
        warm,
        warm.reduce((a, b) => a + b, 0),
      ),
    ]);
    console.log(
      `\nmedian ms from navigation start: app script loaded ${median(phases.script!).toFixed(0)}, session asked ${median(phases.sessionAsked!).toFixed(0)}, answered ${median(phases.session!).toFixed(0)}, page image asked ${median(phases.imageAsked!).toFixed(0)}, answered ${median(phases.imageAnswered!).toFixed(0)}, shown ${median(visible).toFixed(0)}`,
    );

    // POST /sign/api/sign, two fields, at the edge.
    const ready = async (personLast: boolean) => {
      const c = await contract(personLast);
      const link = await client.signUrl(c.id, c.personId, { client: 'h5' });
      const opened = await fetch(`${url}/sign/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: /#token=(.+)$/.exec(link.url)![1]! }),
      });
      if (opened.status !== 201) throw new Error(`session: ${opened.status} ${await opened.text()}`);
      const cookie = opened.headers.get('set-cookie')!.split(';')[0]!;
      const { csrfToken } = (await opened.json()) as { csrfToken: string };
      return { cookie, csrfToken };
    };
    const signCall = async (s: { cookie: string; csrfToken: string }, want: string) => {
      const res = await fetch(`${url}/sign/api/sign`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrfToken },
        body: '{}',
      });
      const body = (await res.json()) as {
        results?: { status: string; signatures?: number; contractStatus?: string }[];
      };
      const r = body.results?.[0];
      if (res.status !== 200 || r?.status !== 'signed' || r.contractStatus !== want)
        throw new Error(`sign: ${res.status} ${JSON.stringify(body)}`);
      return r;
    };
    const rows: LatencySummary[] = [];
    for (const personLast of [false, true]) {
      // Sessions are opened untimed beforehand: only the sign call is measured.
      const warmup = Math.min(5, signs);
      const sessions: { cookie: string; csrfToken: string }[] = [];
      let next = 0;
      for (let i = 0; i < signs + warmup; i++) sessions.push(await ready(personLast));
      let signatures = 0;
      const row = await timeSerial(
        personLast
          ? 'POST /sign/api/sign, 2 fields, last signer (+ DSS, document timestamp: B-LTA)'
          : 'POST /sign/api/sign, 2 fields, first signer',
        signs,
        async () => {
          // (timeSerial numbers its warm-up and timed runs from 0 alike: each call takes the next session.)
          const r = await signCall(sessions[next++]!, personLast ? 'completed' : 'pending_signing');
          signatures = r.signatures ?? signatures;
        },
        warmup,
      );
      row.note = `signatures made per call: ${signatures}`;
      rows.push(row);
    }
    printTable('Signing pages: the sign call at the HTTP edge (loopback, one client)', rows);
  } finally {
    await browser.close();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
