/**
 * The signing pages in Chromium (issue 10): a real app listening on 127.0.0.1, a local SMS
 * gateway, contracts created through the API, and the pages driven as a person would — a phone
 * (390×844, touch, device scale 3) reading, proving intent with the code from the gateway, drawing
 * a signature with the finger and signing; a PC (1280×800) ticking a click-wrap agreement and
 * going back to the business system; and a used link's error page. Screenshots are kept in
 * test/web/screenshots/.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HetongClient } from '../../src/client/index.js';
import { createTestApp, type TestApp } from '../../src/http/testing.js';
import { judge } from '../../src/signing/testing/judges.js';
import { CLI_ACTOR } from '../../src/tenancy/context.js';
import { BENCH_DATA, STANDARD_DOCX } from '../e2e/helpers.js';
import { linkToken, SignerBrowser, startSmsGateway, type SmsGateway } from '../e2e/signing.js';
import { browserTestsRun, ensureWebBuilt, launchChromium, shot } from './browser.js';
import { drawWithFinger, eventually, firstPageShown, ORG } from './sign-harness.js';

const MOBILE = '13800138000';

describe.skipIf(!browserTestsRun)('signing pages in Chromium', () => {
  let t: TestApp;
  let gateway: SmsGateway;
  let client: HetongClient;
  let browser: Browser;
  let base: string;
  let templateId: string;
  let lineId: string;

  beforeAll(async () => {
    ensureWebBuilt();
    gateway = await startSmsGateway();
    t = await createTestApp('sqlite', {
      env: { HETONG_SMS_GATEWAY_URL: gateway.url, HETONG_SMS_GATEWAY_SECRET: gateway.secret },
    });
    await t.app.server.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.server.address() as AddressInfo).port}`;
    const issued = await t.app.services.businessLines.create(
      { name: '签署页面', autoApprove: true },
      CLI_ACTOR,
    );
    client = t.clientFor(issued.appId, issued.appSecret);
    lineId = issued.businessLine.id;
    templateId = (
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
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.dispose();
    await gateway?.close();
  });

  /** A contract whose organisation (甲方) has signed automatically; the person (乙方) is next. */
  async function contractForPerson(person: object, title = '技术服务合同 HT-2025-100') {
    const created = await client.request<{ id: string }>('POST', '/api/v1/contracts', {
      body: {
        templateId,
        title,
        data: BENCH_DATA[0],
        signers: [
          { role: '甲方', subject: ORG, signOrder: 1 },
          { role: '乙方', signOrder: 2, ...person },
        ],
      },
    });
    const c = await client.contract(created.id);
    await client.autoSign(created.id, c.signers![0]!.id);
    return { id: created.id, signerId: c.signers![1]!.id };
  }
  const pageLink = (url: string) => `${base}/sign/#token=${linkToken(url)}`;

  it('phone: read to the last page, wait out the reading, SMS code, draw with the finger, sign; the PDF passes pdfsig', async () => {
    const { id, signerId } = await contractForPerson({
      subject: { kind: 'person', idType: 'user_id', id: 'U-7001', name: '张三', mobile: MOBILE },
      forcedReading: { seconds: 3, toLastPage: true },
    });
    const link = await client.signUrl(id, signerId, { client: 'h5' });
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 3,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    // A wrong code answers 400 on purpose; a missing file or a server error is a problem.
    page.on(
      'response',
      (r) => (r.status() === 404 || r.status() >= 500) && problems.push(`${r.status()} ${r.url()}`),
    );
    const asked: { url: string; body: string | null }[] = [];
    page.on('request', (r) => asked.push({ url: r.url(), body: r.postData() }));
    try {
      await page.goto(pageLink(link.url));
      await firstPageShown(page);
      // boot.ts opened the session with the width the phone layout asks at (390 CSS px at 2 image
      // pixels each, in steps of 200), fetched page 1 once before React ran, and the page shows
      // that fetch (a blob: URL) instead of asking again.
      const opened = asked.find((r) => r.url.endsWith('/sign/api/session') && r.body);
      expect(JSON.parse(opened!.body!)).toMatchObject({ firstPageWidth: 800 });
      expect(asked.filter((r) => /\/pages\/1\.png\?width=800$/.test(r.url))).toHaveLength(1);
      expect(await page.locator('[data-page="1"] img').getAttribute('src')).toMatch(/^blob:/);
      // The token left the address bar.
      expect(page.url()).toBe(`${base}/sign/`);
      expect(await page.locator('.ws').getAttribute('data-layout')).toBe('h5');
      const toSign = page.getByRole('button', { name: '去签署' });
      expect(await toSign.isDisabled()).toBe(true);
      await eventually(() => page.locator('.action-bar .why').textContent()).toMatch(
        /请仔细阅读合同|请阅读至最后一页/,
      );
      await shot(page, 'phone-1-document');

      // 乙方's one field (page 3, x 350–470, y 150–230 pt) is listed and boxed where the seal goes.
      expect(await page.locator('.field-list .fields-count').textContent()).toBe('1 处待签');
      const box = page.locator('[data-page="3"] .field-box');
      expect(await box.count()).toBe(1);
      await page.getByRole('button', { name: '第 3 页' }).tap();
      await eventually(() => page.locator('.page-pill').textContent()).toBe(
        `第 3 / ${await page.locator('.page').count()} 页`,
      );
      await eventually(() => box.isVisible()).toBe(true);
      // The figure has the page's own proportions (the image fills it), the box its place in them:
      // the standard contract is A4, 595.28 × 841.89 pt.
      const [pw, ph] = [595.28, 841.89];
      // (Offsets within the figure, so the smooth scroll the tap started does not matter.)
      const at = await box.evaluate((el) => {
        const e = el as unknown as {
          offsetLeft: number;
          offsetTop: number;
          offsetWidth: number;
          offsetHeight: number;
          parentElement: { clientWidth: number; clientHeight: number; querySelector(s: string): unknown };
        };
        const fig = e.parentElement;
        const img = fig.querySelector('img') as { naturalWidth: number; naturalHeight: number };
        return {
          x: e.offsetLeft / fig.clientWidth,
          y: e.offsetTop / fig.clientHeight,
          w: e.offsetWidth / fig.clientWidth,
          h: e.offsetHeight / fig.clientHeight,
          natural: img.naturalWidth / img.naturalHeight,
          figure: fig.clientWidth / fig.clientHeight,
        };
      });
      expect(Math.abs(at.natural - at.figure)).toBeLessThan(0.01);
      expect(Math.abs(at.x - 350 / pw)).toBeLessThan(0.01);
      expect(Math.abs(at.y - (ph - 230) / ph)).toBeLessThan(0.01);
      expect(Math.abs(at.w - 120 / pw)).toBeLessThan(0.01);
      expect(Math.abs(at.h - 80 / ph)).toBeLessThan(0.01);
      await shot(page, 'phone-1b-field');

      // Scroll through every page with the finger (wheel events on a touch viewport scroll alike).
      const pages = await page.locator('.page').count();
      expect(pages).toBeGreaterThanOrEqual(3);
      for (let i = 0; i < 30 && !(await page.locator(`[data-page="${pages}"] img`).isVisible()); i++)
        await page.mouse.wheel(0, 600);
      await page.locator(`[data-page="${pages}"]`).scrollIntoViewIfNeeded();
      await eventually(() => page.locator('.page-pill').textContent()).toBe(`第 ${pages} / ${pages} 页`);
      await expect.poll(() => toSign.isEnabled(), { timeout: 10_000 }).toBe(true);
      await shot(page, 'phone-2-read');

      await toSign.tap();
      await page.getByRole('button', { name: '获取验证码' }).tap();
      await eventually(() => gateway.messages.filter((m) => m.to === MOBILE).length).toBe(1);
      await eventually(() => page.getByText('验证码已发送至 138****8000').isVisible()).toBe(true);
      await shot(page, 'phone-3-code-sent');
      const code = gateway.lastCode(MOBILE);
      const input = page.getByLabel('请输入 6 位验证码');
      await input.pressSequentially(code === '000000' ? '111111' : '000000', { delay: 20 });
      await eventually(() => page.getByText('验证码错误，还可尝试 4 次').isVisible()).toBe(true);
      await shot(page, 'phone-3b-wrong-code');
      await input.pressSequentially(code, { delay: 40 });
      await eventually(() => page.getByText('验证通过').isVisible()).toBe(true);

      // Refuses an empty drawing, then takes one drawn with the finger.
      await page.getByRole('button', { name: '✍ 手写签名' }).tap();
      const pad = page.getByTestId('signature-pad');
      await pad.waitFor();
      await page.waitForTimeout(400); // the sheet slides in
      await page.getByRole('button', { name: '完成' }).tap();
      await eventually(() => page.getByText('请先写下您的签名').isVisible()).toBe(true);
      await drawWithFinger(await context.newCDPSession(page), (await pad.boundingBox())!);
      await shot(page, 'phone-4-drawn');
      await page.getByRole('button', { name: '完成' }).tap();
      await eventually(() => page.locator('.seal-on').getAttribute('data-kind')).toBe('handwritten');
      await shot(page, 'phone-5-chosen');

      await page.getByRole('button', { name: '立即签署' }).tap();
      const confirm = page.getByRole('button', { name: '确认签署' });
      await confirm.waitFor();
      await shot(page, 'phone-6-confirm');
      await confirm.dblclick(); // a double click signs once
      await page.getByText('签署成功').waitFor({ timeout: 30_000 });
      await eventually(() => page.getByText('所有签署方均已签署，合同已生效。').isVisible()).toBe(true);
      await shot(page, 'phone-7-signed');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }

    const c = await client.contract(id);
    expect(c.status).toBe('completed');
    expect(c.signers!.map((s) => s.status)).toEqual(['signed', 'signed']);
    // Two signatures, the DSS and the document timestamp: a double click did not sign twice.
    expect(c.documents![0]!.revision).toBe(4);
    const seals = await t.app.services.seals.list(lineId, { subjectIdType: 'user_id', subjectId: 'U-7001' });
    expect(seals.map((s) => s.kind)).toContain('handwritten');
    const bytes = await client.downloadDocument(id, c.documents![0]!.id);
    const verdict = judge(bytes, (await t.app.services.ca()).rootCertificate());
    expect(verdict.pdfsigValid, verdict.pdfsig).toBe(2);
    expect(verdict.pdfsigTrusted, verdict.pdfsig).toBe(2);
  }, 120_000);

  it('PC: click-wrap with a scene — the agreement, the tick box, the theme colour, back to the business system', async () => {
    const scene = await client.createScene({
      name: '勾选协议',
      settings: {
        clickwrapText: '我已阅读并同意《技术服务合同》及《用户服务协议》的全部条款。',
        themeColor: '#c8102e',
        redirectDelaySeconds: 1,
      },
    });
    const { id, signerId } = await contractForPerson({
      subject: { kind: 'person', idType: 'user_id', id: 'U-7002', name: '李四' },
      method: 'clickwrap',
    });
    const link = await client.signUrl(id, signerId, {
      client: 'pc',
      sceneId: scene.id,
      redirectUrl: `${base}/healthz?from=shop`,
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      await page.goto(pageLink(link.url));
      await page.getByText('签署协议').waitFor();
      expect(await page.locator('.ws').getAttribute('data-layout')).toBe('pc');
      await firstPageShown(page);
      const primary = await page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--adm-color-primary').trim()",
      );
      expect(primary).toBe('#c8102e');
      const sign = page.getByRole('button', { name: '同意并签署' });
      expect(await sign.isDisabled()).toBe(true);
      expect(await page.getByText('请先勾选同意协议').isVisible()).toBe(true);
      await shot(page, 'pc-1-clickwrap');
      await page.getByText('我已阅读并同意以上内容').click();
      await sign.click();
      await page.getByRole('button', { name: '确认签署' }).click();
      await page.getByText('签署成功').waitFor({ timeout: 30_000 });
      await shot(page, 'pc-2-signed');
      await page.waitForURL(/\/healthz\?/, { timeout: 10_000 });
      const back = new URL(page.url());
      expect(back.searchParams.get('from')).toBe('shop');
      expect(back.searchParams.get('hetongResult')).toBe('signed');
      expect(back.searchParams.get('contractId')).toBe(id);
    } finally {
      await context.close();
    }
    expect((await client.contract(id)).status).toBe('completed');
  }, 120_000);

  it('combined signing on a phone: the list of three contracts, one opened and read to its last page, one SMS code signs all three; the PDFs pass pdfsig', async () => {
    const mobile = '13700137001';
    const me = { kind: 'person', idType: 'user_id', id: 'U-7006', name: '周八', mobile };
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        (
          await contractForPerson(
            { subject: me, ...(i === 1 ? { forcedReading: { toLastPage: true } } : {}) },
            `技术服务合同 HT-2025-20${i + 1}`,
          )
        ).id,
      );
    const link = await client.combinedSignUrl({ idType: me.idType, id: me.id }, ids, { client: 'h5' });
    expect(link.signerIds).toHaveLength(3);
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 3,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on(
      'response',
      (r) => (r.status() === 404 || r.status() >= 500) && problems.push(`${r.status()} ${r.url()}`),
    );
    try {
      await page.goto(pageLink(link.url));
      const cards = page.locator('.contract-card');
      await eventually(() => cards.count()).toBe(3);
      expect(await page.getByText('批量签署（3 份合同）').isVisible()).toBe(true);
      // The second contract must be read to its last page first: the sign button says so.
      const second = cards.nth(1);
      expect(await second.getAttribute('data-state')).toBe('todo');
      expect(await second.locator('.fields-count').textContent()).toBe('1 处待签');
      await page.getByRole('button', { name: '获取验证码' }).waitFor();
      const signAll = page.getByRole('button', { name: '全部签署（3 份）' });
      expect(await signAll.isDisabled()).toBe(true);
      expect(await page.getByText('请先打开并阅读《技术服务合同 HT-2025-202》').isVisible()).toBe(true);
      await shot(page, 'combined-1-list');

      await second.locator('.contract-open').tap();
      await firstPageShown(page);
      const pages = await page.locator('.page').count();
      for (let i = 0; i < 30 && !(await page.locator(`[data-page="${pages}"] img`).isVisible()); i++)
        await page.mouse.wheel(0, 600);
      await page.locator(`[data-page="${pages}"]`).scrollIntoViewIfNeeded();
      await eventually(() => page.locator('.action-bar .why').textContent()).toBe('✓ 已阅读完毕');
      await shot(page, 'combined-2-read');
      await page.locator('.action-bar').getByRole('button', { name: '返回列表' }).tap();
      await eventually(() => cards.nth(1).getAttribute('data-state')).toBe('ok');

      await page.getByRole('button', { name: '获取验证码' }).tap();
      await eventually(() => gateway.messages.filter((m) => m.to === mobile).length).toBe(1);
      await page.getByLabel('请输入 6 位验证码').pressSequentially(gateway.lastCode(mobile), { delay: 30 });
      await eventually(() => page.getByText('验证通过').isVisible()).toBe(true);
      await eventually(() => page.locator('.seal-on').count()).toBe(1);
      await eventually(() => signAll.isEnabled()).toBe(true);
      await shot(page, 'combined-3-ready');
      await signAll.tap();
      const confirm = page.getByRole('button', { name: '确认签署' });
      await confirm.waitFor();
      expect(await page.locator('.confirm-list li').count()).toBe(3);
      await shot(page, 'combined-4-confirm');
      await confirm.tap();
      await page.getByText('签署成功').waitFor({ timeout: 60_000 });
      await eventually(() => page.locator('.done-list li[data-signed="true"]').count()).toBe(3);
      expect(await page.getByText('您已签署 3 份合同。').isVisible()).toBe(true);
      await shot(page, 'combined-5-signed');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
    // One code for all three.
    expect(gateway.messages.filter((m) => m.to === mobile && m.template === 'intent_code')).toHaveLength(1);
    const root = (await t.app.services.ca()).rootCertificate();
    for (const id of ids) {
      const c = await client.contract(id);
      expect(c.status).toBe('completed');
      expect(c.signers!.map((s) => s.status)).toEqual(['signed', 'signed']);
      const verdict = judge(await client.downloadDocument(id, c.documents![0]!.id), root);
      expect(verdict.pdfsigValid, verdict.pdfsig).toBe(2);
      expect(verdict.pdfsigTrusted, verdict.pdfsig).toBe(2);
    }
  }, 180_000);

  it('combined signing: one contract of the list refused with a reason, the others stay to be signed', async () => {
    const me = { kind: 'person', idType: 'user_id', id: 'U-7007', name: '吴九', mobile: '13700137002' };
    const ids: string[] = [];
    for (let i = 0; i < 2; i++)
      ids.push((await contractForPerson({ subject: me }, `技术服务合同 HT-2025-30${i + 1}`)).id);
    const link = await client.combinedSignUrl({ idType: me.idType, id: me.id }, ids, { client: 'pc' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    try {
      await page.goto(pageLink(link.url));
      const cards = page.locator('.contract-card');
      await eventually(() => cards.count()).toBe(2);
      await shot(page, 'combined-pc-1-list');
      await cards.first().locator('.contract-open').click();
      await firstPageShown(page);
      await page.getByRole('button', { name: '拒签' }).click();
      await page.getByLabel('请填写拒签原因（必填）').fill('服务期限有误');
      await shot(page, 'combined-pc-2-reject');
      await page.getByRole('button', { name: '确认拒签' }).click();
      await eventually(() => cards.first().getAttribute('data-state')).toBe('muted');
      expect(await cards.first().locator('.contract-state').textContent()).toBe('已拒签');
      expect(await page.getByRole('button', { name: '全部签署（1 份）' }).isVisible()).toBe(true);
      await shot(page, 'combined-pc-3-after-reject');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
    const refused = await client.contract(ids[0]!);
    expect(refused.status).toBe('rejected');
    expect(refused.rejectReason).toBe('服务期限有误');
    expect((await client.contract(ids[1]!)).status).toBe('pending_signing');
  }, 120_000);

  it('headless: framed by a page of another site, the session rides on the bearer token, the parent hears the events in order', async () => {
    // The parent is another site (localhost, not 127.0.0.1): the frame gets no SameSite=Strict cookie.
    const parent = await startParentPage();
    const scene = await client.createScene({ name: '嵌入商城', settings: { embedOrigins: [parent.origin] } });
    const { id, signerId } = await contractForPerson({
      subject: { kind: 'person', idType: 'user_id', id: 'U-7005', name: '孙七' },
      method: 'clickwrap',
    });
    const link = await client.signUrl(id, signerId, { client: 'h5', mode: 'headless', sceneId: scene.id });
    parent.frameSrc = `${base}/sign/?l=${link.id}#token=${linkToken(link.url)}`;
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    const apiCalls: { url: string; bearer: boolean; cookie: boolean }[] = [];
    page.on('request', async (r) => {
      if (!r.url().startsWith(`${base}/sign/api/`)) return;
      const h = await r.allHeaders();
      apiCalls.push({ url: r.url(), bearer: /^Bearer /.test(h.authorization ?? ''), cookie: 'cookie' in h });
    });
    type Received = { origin: string; data: { type: string; contractId: string; code?: string } };
    // (A string evaluated in the page: the test's TypeScript has no DOM.)
    const events = () => page.evaluate('window.events') as Promise<Received[]>;
    try {
      await page.goto(parent.origin);
      const frame = page.frameLocator('iframe');
      await frame.locator('.ws').waitFor();
      expect(await frame.locator('.ws').getAttribute('data-mode')).toBe('headless');
      expect(await frame.locator('.topbar').count()).toBe(0);
      // The page images come through the bearer token too (fetched, shown as blob: URLs).
      await expect
        .poll(
          () =>
            frame
              .locator('.page img')
              .first()
              .evaluate((i) => (i as { naturalWidth?: number }).naturalWidth ?? 0),
          {
            timeout: 30_000,
          },
        )
        .toBeGreaterThan(0);
      expect(await frame.locator('.page img').first().getAttribute('src')).toMatch(/^blob:/);
      await eventually(async () => (await events()).map((e) => e.data.type)).toEqual([
        'hetong:ready',
        'hetong:read',
      ]);
      await shot(page, 'headless-1-framed');

      await frame.getByRole('button', { name: '去签署' }).click();
      await frame.getByText('我已阅读并同意以上内容').click();
      await frame.getByRole('button', { name: '同意并签署' }).click();
      await frame.getByRole('button', { name: '确认签署' }).click();
      await frame.getByText('签署成功').waitFor({ timeout: 30_000 });
      await eventually(async () => (await events()).map((e) => e.data.type)).toEqual([
        'hetong:ready',
        'hetong:read',
        'hetong:signed',
        'hetong:completed',
      ]);
      await shot(page, 'headless-2-signed');
      const got = await events();
      for (const e of got) {
        expect(e.origin).toBe(base);
        expect(e.data.contractId).toBe(id);
      }
      expect(got[0]!.data).toMatchObject({ contractIds: [id] });
      expect(got[2]!.data).toMatchObject({ signerId, contractStatus: 'completed' });
      // Every call after opening carried the bearer token; no cookie reached the server from the frame.
      // (Opening the session and asking for the embedding origins come before there is a token.)
      const authed = apiCalls.filter((c) => !/\/sign\/api\/(session|embed-origins\?.*)$/.test(c.url));
      expect(authed.some((c) => /\/pages\/1\.png/.test(c.url))).toBe(true);
      expect(authed.some((c) => /\/sign\/api\/sign$/.test(c.url))).toBe(true);
      expect(authed.filter((c) => !c.bearer)).toEqual([]);
      expect(apiCalls.some((c) => c.cookie)).toBe(false);

      // Opening the used link again (the parent reloads): the parent hears why.
      await page.reload();
      await frame.locator('[data-error-code="LINK_USED"]').waitFor();
      await eventually(async () => (await events()).map((e) => [e.data.type, e.data.code])).toEqual([
        ['hetong:error', 'LINK_USED'],
      ]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
      await parent.close();
    }
    expect((await client.contract(id)).status).toBe('completed');
  }, 120_000);

  it('a used link and a signer whose turn has not come each get a sentence; the pages are served with a strict CSP', async () => {
    const { id, signerId } = await contractForPerson({
      subject: { kind: 'person', idType: 'user_id', id: 'U-7003', name: '王五', mobile: '13900139000' },
    });
    const link = await client.signUrl(id, signerId, { client: 'all' });
    expect((await new SignerBrowser(t).open(link.url)).statusCode).toBe(201);
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      const res = await page.goto(pageLink(link.url));
      expect(res!.headers()['content-security-policy']).toContain("script-src 'self'");
      expect(res!.headers()['cache-control']).toBe('no-store');
      await page.locator('[data-error-code="LINK_USED"]').waitFor();
      expect(await page.getByText('该签署链接已被打开过').isVisible()).toBe(true);
      await shot(page, 'error-link-used');

      // A signer whose turn has not come: the organisation before it has not signed.
      const early = await client.request<{ id: string }>('POST', '/api/v1/contracts', {
        body: {
          templateId,
          title: '技术服务合同 HT-2025-101',
          data: BENCH_DATA[0],
          signers: [
            { role: '甲方', subject: ORG, signOrder: 1 },
            {
              role: '乙方',
              signOrder: 2,
              subject: { kind: 'person', idType: 'user_id', id: 'U-7004', name: '赵六' },
            },
          ],
        },
      });
      const waiting = (await client.contract(early.id)).signers![1]!;
      // (A new page: going from /sign/ to /sign/#token=… in the same page only changes the fragment.)
      const second = await context.newPage();
      await second.goto(pageLink((await client.signUrl(early.id, waiting.id, { client: 'h5' })).url));
      await second.locator('[data-error-code="NOT_YOUR_TURN"]').waitFor();
      expect(await second.getByText('还没轮到您签署').isVisible()).toBe(true);
      expect(await second.getByText('前面的签署方签署后').isVisible()).toBe(true);
      await shot(second, 'error-not-your-turn');
    } finally {
      await context.close();
    }
  }, 60_000);
});

/**
 * A business system's page on another site (localhost vs the app's 127.0.0.1) that frames a signing
 * link and keeps every message it receives in `window.events`.
 */
async function startParentPage() {
  const state = { frameSrc: 'about:blank' };
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(`<!doctype html><meta charset="utf-8">
<title>商城订单</title><body style="margin:0;font:16px system-ui;background:#f4f5f7">
<h1 style="margin:0;padding:16px 24px;background:#222;color:#fff;font-size:18px">某某商城 · 确认服务协议</h1>
<script>window.events = []; addEventListener('message', (e) => events.push({ origin: e.origin, data: e.data }));</script>
<iframe src="${state.frameSrc}" title="合同签署" style="display:block;margin:24px auto;width:420px;height:780px;border:1px solid #ccc;background:#fff"></iframe>`);
  });
  await new Promise<void>((r) => server.listen(0, r));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    set frameSrc(src: string) {
      state.frameSrc = src;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
