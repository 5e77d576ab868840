/**
 * Browser-test support: Debian's Chromium through playwright-core (DESIGN.md: the flags, a fresh
 * profile per run), the web apps built when a build is missing or older than its sources, and
 * screenshots kept under test/web/screenshots/ (gitignored) to look at.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** Skipped only on a machine without Chromium that is not CI; with CI=true they must run. */
export const browserTestsRun = existsSync(CHROMIUM) || process.env.CI === 'true';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEB = join(ROOT, 'web');
export const SCREENSHOTS = join(ROOT, 'test', 'web', 'screenshots');

function newest(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'dist' || name === 'node_modules') continue;
    const path = join(dir, name);
    const s = statSync(path);
    t = Math.max(t, s.isDirectory() ? newest(path) : s.mtimeMs);
  }
  return t;
}

/** Builds the web apps when a dist is missing or older than a source file of its app. */
export function ensureWebBuilt(): void {
  const stale = ['sign', 'console'].some((app) => {
    const index = join(WEB, app, 'dist', 'index.html');
    return !existsSync(index) || statSync(index).mtimeMs < newest(join(WEB, app));
  });
  if (!stale) return;
  execFileSync(process.execPath, [join(ROOT, 'bin', 'build-web.js'), '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

/** DESIGN.md's flags; playwright gives every launch a fresh temporary --user-data-dir. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}

/**
 * Saves a screenshot once the page has stopped moving: antd-mobile animates dialogs and sheets in
 * JavaScript (react-spring), which Playwright's `animations: 'disabled'` cannot stop, so two
 * consecutive frames must agree (at most ~2 s) before the picture is kept.
 */
export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  let last = await page.screenshot();
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(100);
    const next = await page.screenshot();
    if (next.equals(last)) break;
    last = next;
  }
  writeFileSync(path, last);
  return path;
}
