/**
 * Support for the signing-page tests in Chromium: a real app listening on 127.0.0.1 with a local SMS
 * gateway, a business line with the standard template (甲方 / 乙方), Chromium, and the steps every
 * test repeats (a contract for a person, the page link of a signing URL, waiting for the first page).
 */
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { HetongClient } from '../../src/client/index.js';
import { createTestApp, type TestApp } from '../../src/http/testing.js';
import { CLI_ACTOR } from '../../src/tenancy/context.js';
import { BENCH_DATA, STANDARD_DOCX } from '../e2e/helpers.js';
import { linkToken, startSmsGateway, type SmsGateway } from '../e2e/signing.js';
import { ensureWebBuilt, launchChromium } from './browser.js';

export const ORG = {
  kind: 'organization' as const,
  idType: 'USCC',
  id: '91310000MA1FL0001X',
  name: '上海浦江数字科技有限公司',
};

/** What a person waits for: up to 15 s (vitest's poll gives up after 1 s; a loaded CI machine is slower). */
export const eventually = <T>(fn: () => T | Promise<T>) =>
  expect.poll(fn, { timeout: 15_000, interval: 100 });

export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
} as const;
export const PC = { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' } as const;

export interface SignPagesHarness {
  t: TestApp;
  gateway: SmsGateway;
  client: HetongClient;
  browser: Browser;
  base: string;
  templateId: string;
  lineId: string;
  /** `/sign/#token=…` of a signing URL the API answered. */
  pageLink(url: string): string;
  /** A contract of the standard template with these two signers (甲方, 乙方). */
  contract(signers: [object, object], title?: string): Promise<{ id: string; signerIds: [string, string] }>;
  /** A contract whose organisation (甲方) has signed automatically; the person (乙方) is next. */
  contractForPerson(person: object, title?: string): Promise<{ id: string; signerId: string }>;
  /** A browser context whose pages report script errors and 404 / 5xx answers into `problems`. */
  context(options: object): Promise<{ context: BrowserContext; page: Page; problems: string[] }>;
  dispose(): Promise<void>;
}

export async function startSignPages(): Promise<SignPagesHarness> {
  ensureWebBuilt();
  const gateway = await startSmsGateway();
  const t = await createTestApp('sqlite', {
    env: { HETONG_SMS_GATEWAY_URL: gateway.url, HETONG_SMS_GATEWAY_SECRET: gateway.secret },
  });
  await t.app.server.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(t.app.server.server.address() as AddressInfo).port}`;
  const issued = await t.app.services.businessLines.create(
    { name: '签署页面', autoApprove: true },
    CLI_ACTOR,
  );
  const client = t.clientFor(issued.appId, issued.appSecret);
  const templateId = (
    await client.createTemplate({
      docx: STANDARD_DOCX,
      name: '技术服务合同',
      signerRoles: ['甲方', '乙方'],
      signFields: [
        { role: '甲方', keyword: '甲方（盖章）', width: 120, height: 120 },
        { role: '乙方', page: 3, x: 350, y: 150, width: 120, height: 80 },
      ],
    })
  ).id;
  await client.createAuthorization({ subject: ORG, validTo: Date.now() + 86_400_000 });
  const browser = await launchChromium();

  const contract: SignPagesHarness['contract'] = async (
    [first, second],
    title = '技术服务合同 HT-2025-400',
  ) => {
    const created = await client.request<{ id: string }>('POST', '/api/v1/contracts', {
      body: {
        templateId,
        title,
        data: BENCH_DATA[0],
        signers: [
          { role: '甲方', signOrder: 1, ...first },
          { role: '乙方', signOrder: 2, ...second },
        ],
      },
    });
    const c = await client.contract(created.id);
    return { id: created.id, signerIds: [c.signers![0]!.id, c.signers![1]!.id] };
  };

  return {
    t,
    gateway,
    client,
    browser,
    base,
    templateId,
    lineId: issued.businessLine.id,
    pageLink: (url) => `${base}/sign/#token=${linkToken(url)}`,
    contract,
    contractForPerson: async (person, title = '技术服务合同 HT-2025-100') => {
      const { id, signerIds } = await contract([{ subject: ORG }, person], title);
      await client.autoSign(id, signerIds[0]);
      return { id, signerId: signerIds[1] };
    },
    context: async (options) => {
      const context = await browser.newContext(options);
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(String(e)));
      // A wrong code or a refused call answers 4xx on purpose; a missing file or a server error is a problem.
      page.on(
        'response',
        (r) => (r.status() === 404 || r.status() >= 500) && problems.push(`${r.status()} ${r.url()}`),
      );
      return { context, page, problems };
    },
    dispose: async () => {
      await browser.close();
      await t.dispose();
      await gateway.close();
    },
  };
}

/** The first page image has loaded (the first render of a contract's pages may take seconds). */
export async function firstPageShown(page: Page) {
  await expect
    .poll(
      () =>
        page
          .locator('.page img')
          .first()
          .evaluate((i) => (i as { naturalWidth?: number }).naturalWidth ?? 0),
      { timeout: 30_000 },
    )
    .toBeGreaterThan(0);
}

/** Scrolls (wheel) until the contract's last page is on screen; returns the number of pages. */
export async function readToLastPage(page: Page): Promise<number> {
  const pages = await page.locator('.page').count();
  for (let i = 0; i < 40 && !(await page.locator(`[data-page="${pages}"] img`).isVisible()); i++)
    await page.mouse.wheel(0, 600);
  await page.locator(`[data-page="${pages}"]`).scrollIntoViewIfNeeded();
  return pages;
}

/** A two-stroke signature drawn with touch events (what a finger on a phone sends). */
export async function drawWithFinger(
  cdp: CDPSession,
  box: { x: number; y: number; width: number; height: number },
) {
  const stroke = async (points: [number, number][]) => {
    const at = ([fx, fy]: [number, number]) => ({ x: box.x + fx * box.width, y: box.y + fy * box.height });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at(points[0]!)] });
    for (const p of points.slice(1))
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [at(p)] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await new Promise((r) => setTimeout(r, 120));
  };
  const wave: [number, number][] = [];
  for (let i = 0; i <= 40; i++)
    wave.push([0.15 + (0.5 * i) / 40, 0.55 - 0.2 * Math.sin((i / 40) * Math.PI * 3)]);
  await stroke(wave);
  // A check mark: down-right, then up-right, sampled like a finger at 60 Hz.
  const check: [number, number][] = [];
  for (let i = 0; i <= 12; i++) check.push([0.66 + 0.06 * (i / 12), 0.35 + 0.25 * (i / 12)]);
  for (let i = 1; i <= 16; i++) check.push([0.72 + 0.14 * (i / 16), 0.6 - 0.35 * (i / 16)]);
  await stroke(check);
}
