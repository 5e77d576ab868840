import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './cli.js';

describe('hetong CLI help', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  it('every command answers --help with its usage and loads nothing', async () => {
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    for (const name of [
      'serve',
      'render',
      'template',
      'sign',
      'verify',
      'ca',
      'migrate',
      'business-line',
      'admin',
      'request',
    ]) {
      out.length = 0;
      await main([name, '--help']);
      expect(out.join('\n'), name).toMatch(new RegExp(`usage: hetong ${name}`));
      expect(process.exitCode ?? 0).toBe(0);
    }
  });

  it('an unknown option is a usage error (exit 2), not a stack trace', async () => {
    const err: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
    await main(['sign', 'in.pdf', '--no-such-option']);
    expect(process.exitCode).toBe(2);
    expect(err.join('\n')).toMatch(/Unknown option '--no-such-option'/);
    expect(err.join('\n')).toMatch(/usage: hetong sign/);
    expect(err.join('\n')).not.toMatch(/\n\s+at /);
  });
});
