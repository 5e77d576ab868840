/**
 * The signing pages' rules in Chromium (issue 10's list): two parties in order, forced reading that
 * needs both the time and the last page, five wrong codes lock, rejecting with a reason and going
 * back to the business system with the result, expired and revoked links. Screenshots are kept in
 * test/web/screenshots/ (rules-*.png).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsRun, shot } from './browser.js';
import {
  eventually,
  firstPageShown,
  PC,
  PHONE,
  readToLastPage,
  startSignPages,
  type SignPagesHarness,
} from './sign-harness.js';

/** A POST of the session API from inside the page, as the page would send it (cookie + CSRF token). */
function postFromPage(page: Page, path: string, body: object) {
  return page.evaluate(
    `fetch('/sign/api${path}', { method: 'POST', headers: { 'content-type': 'application/json',
      'x-csrf-token': sessionStorage.getItem('hetong.sign.csrf') ?? '' }, body: ${JSON.stringify(JSON.stringify(body))} })
      .then(async (r) => ({ status: r.status, body: await r.json() }))`,
  ) as Promise<{ status: number; body: { error?: { code: string } } }>;
}

describe.skipIf(!browserTestsRun)('signing pages: the rules, in Chromium', () => {
  let h: SignPagesHarness;
  beforeAll(async () => {
    h = await startSignPages();
  }, 120_000);
  afterAll(async () => {
    await h?.dispose();
  });

  it('two parties in order: the second link waits until the first has signed, then signs', async () => {
    const first = { kind: 'person', idType: 'user_id', id: 'U-8001', name: '钱一' };
    const second = { kind: 'person', idType: 'user_id', id: 'U-8002', name: '孙二' };
    const { id, signerIds } = await h.contract(
      [
        { subject: first, method: 'clickwrap' },
        { subject: second, method: 'clickwrap' },
      ],
      '技术服务合同 HT-2025-401',
    );
    const phone = await h.context(PHONE);
    const pc = await h.context(PC);
    try {
      // 乙方 opens its link first: its turn has not come.
      const later = await h.client.signUrl(id, signerIds[1], { client: 'h5' });
      await phone.page.goto(h.pageLink(later.url));
      await phone.page.locator('[data-error-code="NOT_YOUR_TURN"]').waitFor();
      expect(await phone.page.getByText('还没轮到您签署').isVisible()).toBe(true);
      await shot(phone.page, 'rules-order-1-waiting');

      // 甲方 signs on a PC.
      const now = await h.client.signUrl(id, signerIds[0], { client: 'pc' });
      await pc.page.goto(h.pageLink(now.url));
      await firstPageShown(pc.page);
      await pc.page.getByText('我已阅读并同意以上内容').click();
      await pc.page.getByRole('button', { name: '同意并签署' }).click();
      await pc.page.getByRole('button', { name: '确认签署' }).click();
      await pc.page.getByText('签署成功').waitFor({ timeout: 30_000 });
      expect(await pc.page.getByText('等待其他签署方签署。').isVisible()).toBe(true);
      await shot(pc.page, 'rules-order-2-first-signed');
      expect((await h.client.contract(id)).signers!.map((s) => s.status)).toEqual(['signed', 'ready']);

      // 乙方's page, opened again from the same session, now lets it sign.
      await phone.page.reload();
      await firstPageShown(phone.page);
      expect(await phone.page.locator('[data-error-code]').count()).toBe(0);
      await phone.page.getByRole('button', { name: '去签署' }).tap();
      await phone.page.getByText('我已阅读并同意以上内容').tap();
      await phone.page.getByRole('button', { name: '同意并签署' }).tap();
      await phone.page.getByRole('button', { name: '确认签署' }).tap();
      await phone.page.getByText('签署成功').waitFor({ timeout: 30_000 });
      await eventually(() => phone.page.getByText('所有签署方均已签署，合同已生效。').isVisible()).toBe(true);
      await shot(phone.page, 'rules-order-3-second-signed');
      expect([...phone.problems, ...pc.problems]).toEqual([]);
    } finally {
      await phone.context.close();
      await pc.context.close();
    }
    const c = await h.client.contract(id);
    expect(c.status).toBe('completed');
    expect(c.signers!.map((s) => s.status)).toEqual(['signed', 'signed']);
  }, 150_000);

  it('forced reading blocks signing until both the time and the last page are done, and the server agrees', async () => {
    const person = (n: number) => ({
      subject: { kind: 'person', idType: 'user_id', id: `U-810${n}`, name: '李读' },
      method: 'clickwrap',
    });
    // Last page reached at once; the time is not over yet.
    const a = await h.contractForPerson(
      { ...person(1), forcedReading: { seconds: 8, toLastPage: true } },
      '技术服务合同 HT-2025-411',
    );
    // The time is over at once; the last page not reached.
    const b = await h.contractForPerson(
      { ...person(2), forcedReading: { seconds: 1, toLastPage: true } },
      '技术服务合同 HT-2025-412',
    );
    const { context, page, problems } = await h.context(PC);
    try {
      await page.goto(h.pageLink((await h.client.signUrl(a.id, a.signerId, { client: 'pc' })).url));
      await firstPageShown(page);
      await page.getByText('我已阅读并同意以上内容').click();
      const sign = page.getByRole('button', { name: '同意并签署' });
      const pages = await readToLastPage(page);
      await eventually(() => page.locator('.page-pill').textContent()).toBe(`第 ${pages} / ${pages} 页`);
      // The last page is seen, the countdown still runs: the button is off and says why.
      expect(await page.locator('.reading-todo').textContent()).toMatch(/^请仔细阅读合同，还需 \d 秒$/);
      expect(await sign.isDisabled()).toBe(true);
      expect(await page.locator('.sign-actions .why').textContent()).toMatch(/还需 \d 秒/);
      await shot(page, 'rules-reading-1-time-left');
      // The server refuses too, whatever the page shows.
      const early = await postFromPage(page, '/sign', { agree: true });
      expect(early.status).toBe(409);
      expect(early.body.error?.code).toBe('READING_REQUIRED');
      await expect.poll(() => sign.isEnabled(), { timeout: 20_000 }).toBe(true);
      expect(await page.locator('.reading-done').first().textContent()).toBe('✓ 已阅读完毕');
      await shot(page, 'rules-reading-2-done');

      const second = await context.newPage();
      await second.goto(h.pageLink((await h.client.signUrl(b.id, b.signerId, { client: 'pc' })).url));
      await firstPageShown(second);
      await second.getByText('我已阅读并同意以上内容').click();
      // The countdown is over, the last page is not reached: still off, and the reason changed.
      await eventually(() => second.locator('.reading-todo').textContent()).toMatch(
        /^请阅读至最后一页（还有 \d+ 页）$/,
      );
      await second.waitForTimeout(1500);
      const signB = second.getByRole('button', { name: '同意并签署' });
      expect(await signB.isDisabled()).toBe(true);
      const refused = await postFromPage(second, '/sign', { agree: true });
      expect(refused.body.error?.code).toBe('READING_REQUIRED');
      await shot(second, 'rules-reading-3-pages-left');
      await readToLastPage(second);
      await expect.poll(() => signB.isEnabled(), { timeout: 20_000 }).toBe(true);
      await signB.click();
      await second.getByRole('button', { name: '确认签署' }).click();
      await second.getByText('签署成功').waitFor({ timeout: 30_000 });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
    expect((await h.client.contract(b.id)).status).toBe('completed');
  }, 150_000);

  it('five wrong codes lock the intent check: the locked message, no more tries, not even the right code', async () => {
    const mobile = '13500135001';
    const { id, signerId } = await h.contractForPerson(
      { subject: { kind: 'person', idType: 'user_id', id: 'U-8201', name: '周错', mobile } },
      '技术服务合同 HT-2025-421',
    );
    const { context, page, problems } = await h.context(PC);
    try {
      await page.goto(h.pageLink((await h.client.signUrl(id, signerId, { client: 'pc' })).url));
      await firstPageShown(page);
      await page.getByRole('button', { name: '获取验证码' }).click();
      await eventually(() => h.gateway.messages.filter((m) => m.to === mobile).length).toBe(1);
      const right = h.gateway.lastCode(mobile);
      const wrong = right === '123456' ? '654321' : '123456';
      const input = page.getByLabel('请输入 6 位验证码');
      for (let i = 1; i <= 4; i++) {
        await input.pressSequentially(wrong, { delay: 10 });
        await eventually(() => page.getByRole('alert').textContent()).toBe(
          `验证码错误，还可尝试 ${5 - i} 次`,
        );
        await eventually(() => input.inputValue()).toBe('');
      }
      await shot(page, 'rules-lock-1-one-try-left');
      await input.pressSequentially(wrong, { delay: 10 });
      await eventually(() => page.getByRole('alert').textContent()).toBe('错误次数过多，请 15 分钟后再试');
      expect(await input.isDisabled()).toBe(true);
      expect(
        await page.getByRole('button', { name: /获取验证码|重新获取|秒后可重新获取/ }).isDisabled(),
      ).toBe(true);
      expect(await page.getByRole('button', { name: '立即签署' }).isDisabled()).toBe(true);
      await shot(page, 'rules-lock-2-locked');
      // The right code is refused while locked (the page offers no way; the API says why).
      const late = await postFromPage(page, '/intent/verify', { code: right });
      expect(late.status).toBe(429);
      expect(late.body.error?.code).toBe('INTENT_LOCKED');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
    expect((await h.client.contract(id)).signers![1]!.status).not.toBe('signed');
  }, 120_000);

  it('reject with a reason on a phone, then back to the business system with hetongResult=rejected and the contract id', async () => {
    const scene = await h.client.createScene({
      name: '可拒签',
      settings: { allowReject: true, redirectDelaySeconds: 1 },
    });
    const { id, signerId } = await h.contractForPerson(
      { subject: { kind: 'person', idType: 'user_id', id: 'U-8301', name: '吴拒' } },
      '技术服务合同 HT-2025-431',
    );
    const link = await h.client.signUrl(id, signerId, {
      client: 'h5',
      sceneId: scene.id,
      redirectUrl: `${h.base}/healthz?order=A-17&from=shop`,
    });
    const { context, page, problems } = await h.context(PHONE);
    try {
      await page.goto(h.pageLink(link.url));
      await firstPageShown(page);
      await page.getByRole('button', { name: '拒签' }).tap();
      const confirm = page.getByRole('button', { name: '确认拒签' });
      await confirm.waitFor();
      // No reason, no rejection.
      await confirm.tap();
      await eventually(() => page.getByText('请填写拒签原因').first().isVisible()).toBe(true);
      await page.getByLabel('请填写拒签原因（必填）').fill('付款方式与约定不符');
      await shot(page, 'rules-reject-1-reason');
      await confirm.tap();
      await page.getByText('已拒签').waitFor({ timeout: 30_000 });
      expect(await page.locator('main[data-result="rejected"]').count()).toBe(1);
      await shot(page, 'rules-reject-2-done');
      await page.waitForURL(/\/healthz\?/, { timeout: 15_000 });
      const back = new URL(page.url());
      expect(back.searchParams.get('order')).toBe('A-17');
      expect(back.searchParams.get('from')).toBe('shop');
      expect(back.searchParams.get('hetongResult')).toBe('rejected');
      expect(back.searchParams.get('contractId')).toBe(id);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
    const c = await h.client.contract(id);
    expect(c.status).toBe('rejected');
    expect(c.rejectReason).toBe('付款方式与约定不符');
  }, 120_000);

  it('expired and revoked links each get a sentence and what to do next', async () => {
    const { id, signerId } = await h.contractForPerson(
      { subject: { kind: 'person', idType: 'user_id', id: 'U-8401', name: '郑过' } },
      '技术服务合同 HT-2025-441',
    );
    const expired = await h.client.signUrl(id, signerId, { client: 'h5', expiresIn: 60 });
    // The link's end moved into the past (a minute is the shortest a link may live).
    await h.t.testStore.store.db
      .updateTable('sign_links')
      .set({ expires_at: Date.now() - 1000 })
      .where('id', '=', expired.id)
      .execute();
    const revoked = await h.client.signUrl(id, signerId, { client: 'h5' });
    await h.client.revokeSignLink(revoked.id);
    const { context, page, problems } = await h.context(PHONE);
    try {
      await page.goto(h.pageLink(expired.url));
      await page.locator('[data-error-code="LINK_EXPIRED"]').waitFor();
      expect(await page.getByText('签署链接已过期，请联系发起方重新发送。').isVisible()).toBe(true);
      await shot(page, 'rules-error-expired');
      const second = await context.newPage();
      await second.goto(h.pageLink(revoked.url));
      await second.locator('[data-error-code="LINK_REVOKED"]').waitFor();
      expect(await second.getByText('该签署链接已被撤销').isVisible()).toBe(true);
      await shot(second, 'rules-error-revoked');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
