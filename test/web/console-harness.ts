/**
 * What the console's browser tests share: a real app listening on 127.0.0.1 (SQLite), a business
 * line with a signed API client, accounts of each role, Chromium, and logging in through the page
 * as a person does (typing into the form). Pages that write to the browser console an error or a
 * CSP violation fail the test that opened them.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { HetongClient } from '../../src/client/index.js';
import { createTestApp, type TestApp } from '../../src/http/testing.js';
import { CLI_ACTOR, SYSTEM_ACTOR } from '../../src/tenancy/context.js';
import { ensureWebBuilt, launchChromium } from './browser.js';

export type Role = 'admin' | 'operator' | 'legal';

export interface ConsoleHarness {
  t: TestApp;
  base: string;
  browser: Browser;
  /** The business line the tests work on (the console's default: the first one created). */
  line: { appId: string; id: string; client: HetongClient };
  /** A new account of `role` (username, password). */
  account(role: Role): Promise<{ username: string; password: string }>;
  /** A fresh browser context (1280×800) logged in as a new account of `role`, on the dashboard. */
  loggedIn(
    role: Role,
  ): Promise<{ context: BrowserContext; page: Page; username: string; problems: string[] }>;
  close(): Promise<void>;
}

/** What a person waits for: up to 15 s (a loaded CI machine is slow). */
export const eventually = <T>(fn: () => T | Promise<T>) =>
  expect.poll(fn, { timeout: 15_000, interval: 100 });

/**
 * Opens a console page from the side menu and waits for its own title: React Router keeps the old
 * page on screen while a lazy route loads, so a click right after the menu click can land on the
 * page being left (seen under load in CI).
 */
export async function openPage(page: Page, menu: string, title = menu): Promise<void> {
  await page.getByRole('menuitem', { name: menu }).click();
  await page.getByRole('heading', { name: title, exact: true }).waitFor();
}

/**
 * Picks the option titled `title` of the select that is open, and waits for its drop-down to be
 * gone: while it fades out it lies over the dialog's buttons, and under load a click right after
 * the choice landed on the drop-down for 30 s (seen in CI).
 */
export async function chooseOption(page: Page, title: string): Promise<void> {
  await page.getByTitle(title, { exact: true }).click();
  await eventually(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
}

export async function startConsole(
  options: { autoApprove?: boolean; env?: Record<string, string> } = {},
): Promise<ConsoleHarness> {
  ensureWebBuilt();
  const t = await createTestApp('sqlite', options.env ? { env: options.env } : {});
  await t.app.server.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(t.app.server.server.address() as AddressInfo).port}`;
  const issued = await t.app.services.businessLines.create(
    { name: '采购业务线', autoApprove: options.autoApprove ?? false },
    CLI_ACTOR,
  );
  const line = {
    appId: issued.appId,
    id: issued.businessLine.id,
    client: t.clientFor(issued.appId, issued.appSecret),
  };
  const browser = await launchChromium();
  let n = 0;
  const account = async (role: Role) => {
    const username = `${role}${++n}${randomBytes(2).toString('hex')}`;
    const password = `pw-${role}-0123456789`;
    await t.app.services.admin.createAccount({ username, password, role }, SYSTEM_ACTOR);
    return { username, password };
  };
  return {
    t,
    base,
    browser,
    line,
    account,
    async loggedIn(role) {
      const { username, password } = await account(role);
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
      const page = await context.newPage();
      const problems = watchProblems(page);
      await page.goto(`${base}/console/`);
      await login(page, username, password);
      await page.getByTestId('account').waitFor();
      return { context, page, username, problems };
    },
    async close() {
      await browser.close();
      await t.dispose();
    },
  };
}

/** Types the credentials into the login form and submits. */
export async function login(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

/**
 * Collects what would be a defect on any page: uncaught errors, console errors (CSP refusals are
 * reported there) — the 4xx answers a test provokes on purpose are left out.
 */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = m.text();
    if (/Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return;
    problems.push(`console: ${text}`);
  });
  return problems;
}
