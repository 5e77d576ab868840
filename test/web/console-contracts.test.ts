/**
 * The console's contract, seal, webhook and verify pages in Chromium (issue 11): contracts made
 * through the API listed and filtered, a contract's detail (documents, signers, timeline, a
 * signing link with its QR code, revoke), a seal generated with its live preview, a webhook
 * endpoint (secret once, the delivery log after a contract event, redeliver), and a signed PDF
 * verified. Screenshots are kept in test/web/screenshots/console-contracts-*.png.
 */
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePdf } from '../../src/signing/testing/fixtures.js';
import { BENCH_DATA, SIGNERS, STANDARD_DOCX } from '../e2e/helpers.js';
import { browserTestsRun, shot } from './browser.js';
import { chooseOption, eventually, openPage, startConsole, type ConsoleHarness } from './console-harness.js';

/** The width of an image as decoded: 0 while it has not arrived or when it is broken. */
const naturalWidth = (img: Locator) =>
  img.evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth);

const ORG = {
  kind: 'organization' as const,
  idType: 'USCC',
  id: '91310000MA1FL0001X',
  name: '上海浦江数字科技有限公司',
};

describe.skipIf(!browserTestsRun)('console in Chromium: contracts, seals, webhooks, verify', () => {
  let h: ConsoleHarness;
  let pdf: Uint8Array;
  let pending: { id: string };
  let revoked: { id: string };
  beforeAll(async () => {
    h = await startConsole({ autoApprove: true });
    pdf = await makePdf(2);
    // Pages are previewed from templates (an uploaded PDF is read in its download).
    const templateId = (
      await h.line.client.createTemplate({
        docx: STANDARD_DOCX,
        name: '技术服务合同',
        signerRoles: ['甲方', '乙方'],
        signFields: [{ role: '甲方', keyword: '甲方（盖章）', width: 120, height: 120 }],
      })
    ).id;
    revoked = await h.line.client.createContract(
      { title: '旧版采购合同', signers: SIGNERS },
      { pdfs: [{ filename: 'a.pdf', data: pdf }] },
    );
    await h.line.client.revokeContract(revoked.id, '条款有误，重新起草');
    pending = await h.line.client.createContract({
      templateId,
      title: '设备采购合同 HT-2026-001',
      data: BENCH_DATA[0]!,
      signers: SIGNERS,
    });
  }, 120_000);
  afterAll(async () => h?.close());

  it('lists the contracts made through the API and filters them by status', async () => {
    const { context, page, problems } = await h.loggedIn('operator');
    await openPage(page, '合同管理');
    await page.getByRole('row', { name: /设备采购合同 HT-2026-001/ }).waitFor();
    await page.getByRole('row', { name: /旧版采购合同/ }).waitFor();
    expect(await page.getByRole('row', { name: /设备采购合同/ }).textContent()).toContain('签署中');
    await shot(page, 'console-contracts-list');
    await page.getByTestId('filter-status').click();
    await chooseOption(page, '已撤销');
    await page.getByRole('button', { name: /搜\s*索/ }).click();
    await eventually(() => page.getByRole('row', { name: /设备采购合同/ }).count()).toBe(0);
    expect(await page.getByRole('row', { name: /旧版采购合同/ }).textContent()).toContain('已撤销');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows a contract: documents, signers and timeline; a signing link with its QR code; revoke', async () => {
    const { context, page, problems } = await h.loggedIn('operator');
    await page.goto(`${h.base}/console/contracts/${pending.id}`);
    await page.getByRole('heading', { name: '设备采购合同 HT-2026-001' }).waitFor();
    // The 3 pages previewed, and the pictures arrived (a broken image has no natural width).
    const previews = page.getByTestId('document').locator('img');
    await eventually(() => previews.count()).toBe(3);
    await eventually(() => naturalWidth(previews.first())).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: /下\s*载/ }).getAttribute('href')).toMatch(/\/download$/);
    await page.getByRole('row', { name: /张三/ }).waitFor();
    expect(await page.getByRole('row', { name: /张三/ }).textContent()).toContain('待签署');
    await eventually(() => page.getByTestId('timeline').textContent()).toContain('创建合同');
    await shot(page, 'console-contracts-detail');

    await page.getByRole('row', { name: /张三/ }).getByRole('button', { name: '签署链接' }).click();
    const url = page.getByTestId('sign-url');
    await url.waitFor();
    expect(await url.textContent()).toMatch(/\/sign\/.*#/);
    await eventually(() => naturalWidth(page.getByTestId('sign-qr'))).toBe(220);
    expect(await page.getByTestId('sign-qr').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await shot(page, 'console-contracts-sign-link');
    await page.keyboard.press('Escape');
    await eventually(() => page.getByTestId('sign-url').count()).toBe(0);

    await page.getByRole('button', { name: /撤销合同/ }).click();
    await page.getByRole('dialog').getByLabel('撤销原因').fill('供应商报价变更');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /撤销合同/ })
      .click();
    await eventually(() => page.getByTestId('contract-status').first().textContent()).toBe('已撤销');
    expect(await page.getByTestId('revoke-reason').textContent()).toBe('供应商报价变更');
    await eventually(() => page.getByTestId('timeline').textContent()).toContain('合同已撤销');
    expect(await page.getByTestId('timeline').textContent()).toContain('供应商报价变更');
    await shot(page, 'console-contracts-revoked');
    const c = await h.line.client.contract(pending.id);
    expect(c).toMatchObject({ status: 'revoked', revokeReason: '供应商报价变更' });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('generates a round seal with a live preview and lists it', async () => {
    const { context, page, problems } = await h.loggedIn('operator');
    await openPage(page, '印章管理');
    await page.getByRole('button', { name: '生成印章' }).click();
    await page.getByTestId('seal-name').fill('杭州西湖茶叶有限公司');
    const preview = page.getByTestId('seal-preview');
    await eventually(() => preview.getAttribute('src')).toContain(encodeURIComponent('杭州西湖茶叶有限公司'));
    await eventually(() => naturalWidth(preview)).toBeGreaterThan(200);
    // The preview follows the typing.
    await page.getByTestId('seal-name').fill('杭州西湖龙井茶叶有限公司');
    await eventually(() => preview.getAttribute('src')).toContain(encodeURIComponent('龙井'));
    await page.getByRole('dialog').getByLabel('证件号码').fill('91330100MA2B00001X');
    await shot(page, 'console-contracts-seal-preview');
    await page
      .getByRole('button', { name: /生\s*成/ })
      .last()
      .click();
    const row = page.getByRole('row', { name: /杭州西湖龙井茶叶有限公司/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('企业圆章');
    await eventually(() => naturalWidth(row.getByTestId('seal-image'))).toBeGreaterThan(0);
    await shot(page, 'console-contracts-seals');
    const seals = await h.line.client.seals({ subjectIdType: 'USCC', subjectId: '91330100MA2B00001X' });
    expect(seals).toHaveLength(1);
    expect(seals[0]).toMatchObject({ kind: 'round', status: 'active' });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('registers a webhook endpoint (secret once) and shows its delivery log after a contract event; redelivers', async () => {
    const { context, page, problems } = await h.loggedIn('operator');
    await openPage(page, '回调配置');
    await page.getByRole('button', { name: '新建回调地址' }).click();
    // `.invalid` never resolves (RFC 6761 §6.4): every try fails, and says why.
    await page
      .getByRole('dialog')
      .getByRole('textbox', { name: '回调地址' })
      .fill('https://receiver.invalid/hetong/events');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    const secret = page.getByTestId('webhook-secret');
    await secret.waitFor();
    const shown = (await secret.textContent())!.trim();
    expect(shown).toMatch(/^whsec_/);
    await shot(page, 'console-contracts-webhook-secret');
    await page.getByRole('button', { name: '我已保存' }).click();
    expect(await page.content()).not.toContain(shown);

    const created = await h.line.client.createContract(
      { title: '回调测试合同', signers: SIGNERS },
      { pdfs: [{ filename: 'a.pdf', data: pdf }] },
    );
    // The test app runs no job runner: one tick makes the first try of each delivery.
    expect(await h.t.app.runner.tick()).toBeGreaterThan(0);
    await page.reload();
    const deliveries = page.getByTestId('deliveries');
    await eventually(() => deliveries.getByRole('row', { name: /contract\.created/ }).count()).toBe(1);
    const row = deliveries.getByRole('row', { name: /contract\.created/ });
    expect(await row.textContent()).toMatch(/待推送|失败/);
    await row.getByRole('button', { name: /展开行|Expand row/ }).click();
    await eventually(() => page.getByTestId('attempts').first().textContent()).toMatch(
      /ENOTFOUND|EAI_AGAIN|DNS|resolve/i,
    );
    await shot(page, 'console-contracts-webhook-log');
    await row.getByRole('button', { name: '重新推送' }).click();
    await eventually(() => page.getByText('已安排重新推送').count()).toBeGreaterThan(0);

    // The contract's own detail lists the deliveries of its events.
    await page.goto(`${h.base}/console/contracts/${created.id}`);
    await eventually(() =>
      page
        .getByTestId('deliveries')
        .getByRole('row', { name: /contract\.created/ })
        .count(),
    ).toBe(1);
    await shot(page, 'console-contracts-detail-deliveries');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('verifies a signed PDF and shows each signature', async () => {
    await h.line.client.createAuthorization({ subject: ORG, validTo: Date.now() + 86_400_000 });
    const c = await h.line.client.createContract(
      { title: '自动签署合同', signers: [{ role: '甲方', subject: ORG }] },
      { pdfs: [{ filename: 'a.pdf', data: pdf }] },
    );
    const full = await h.line.client.contract(c.id);
    await h.line.client.autoSign(c.id, full.signers![0]!.id);
    const signed = await h.line.client.downloadDocument(c.id, full.documents![0]!.id);

    const { context, page, problems } = await h.loggedIn('legal');
    await openPage(page, '验签');
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: '自动签署合同.pdf', mimeType: 'application/pdf', buffer: signed });
    await page.getByTestId('verdict').waitFor();
    expect(await page.getByTestId('verdict').textContent()).toContain('全部有效');
    const signatures = page.getByTestId('signature');
    await eventually(() => signatures.count()).toBeGreaterThan(0);
    const first = await signatures.first().textContent();
    expect(first).toContain(ORG.name);
    expect(first).toContain('证书链可信');
    expect(first).toContain('时间戳有效');
    await shot(page, 'console-contracts-verify');
    expect(problems).toEqual([]);
    await context.close();
  });
});
