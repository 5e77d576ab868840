import { describe, expect, it } from 'vitest';
import { HetongError } from '../../shared/errors.js';
import {
  BlockedAddressError,
  checkWebhookUrl,
  guardedLookup,
  isBlockedAddress,
  type Resolver,
} from './guard.js';

describe('SSRF guard: addresses', () => {
  it.each([
    '0.0.0.0',
    '0.1.2.3',
    '10.0.0.1',
    '10.255.255.255',
    '100.64.0.1',
    '100.127.255.254',
    '127.0.0.1',
    '127.53.0.9',
    '169.254.169.254', // cloud metadata
    '169.254.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.0.0.8',
    '192.0.2.1',
    '192.168.1.1',
    '198.18.0.1',
    '198.19.255.255',
    '198.51.100.7',
    '203.0.113.9',
    '224.0.0.251',
    '239.255.255.250',
    '240.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '0:0:0:0:0:0:0:1',
    '::ffff:127.0.0.1', // IPv4-mapped loopback
    '::ffff:7f00:1', // the same, in hex
    '::ffff:10.1.2.3',
    '::ffff:169.254.169.254',
    '::127.0.0.1', // IPv4-compatible (deprecated)
    '64:ff9b::7f00:1', // NAT64 of 127.0.0.1
    '64:ff9b::192.168.0.1',
    '64:ff9b:1::1',
    '2002:7f00:1::1', // 6to4 of 127.0.0.1
    '2002:a00:1::', // 6to4 of 10.0.0.1
    '2001::1', // Teredo
    '2001:db8::1',
    'fc00::1',
    'fd12:3456:789a::1',
    'fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
    'fe80::1',
    'fe80::1%eth0',
    'febf:ffff::1',
    'fec0::1',
    'ff02::1',
    'ff05::1:3',
    '100::1',
    'not an address',
    '',
  ])('refuses %s', (ip) => expect(isBlockedAddress(ip)).toBe(true));

  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '9.255.255.255',
    '11.0.0.1',
    '100.63.255.255', // just below 100.64/10
    '100.128.0.1', // just above
    '126.255.255.255',
    '128.0.0.1',
    '169.253.255.255',
    '169.255.0.1',
    '172.15.255.255',
    '172.32.0.1',
    '192.167.255.255',
    '192.169.0.1',
    '223.255.255.255',
    '2606:4700:4700::1111',
    '2a00:1450:4001:80b::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808', // NAT64 of 8.8.8.8
    '2002:808:808::1', // 6to4 of 8.8.8.8
    '2001:4860:4860::8888',
    'fbff::1', // just below fc00::/7
    'fe00::1', // just below fe80::/10
  ])('allows %s', (ip) => expect(isBlockedAddress(ip)).toBe(false));
});

describe('SSRF guard: URLs at registration', () => {
  const invalid = (url: string, allowPrivate = false) => {
    try {
      checkWebhookUrl(url, allowPrivate);
    } catch (e) {
      return e instanceof HetongError ? `${e.status} ${e.code}` : String(e);
    }
    return 'accepted';
  };

  it('takes http(s) URLs with a public or unresolved host', () => {
    expect(invalid('https://hooks.example.com/hetong?x=1')).toBe('accepted');
    expect(invalid('http://8.8.8.8:8080/hook')).toBe('accepted');
    expect(invalid('https://[2606:4700:4700::1111]/hook')).toBe('accepted');
  });

  it('refuses other schemes, credentials and relative URLs', () => {
    for (const url of [
      'ftp://example.com/x',
      'file:///etc/passwd',
      'gopher://example.com/',
      'javascript:alert(1)',
      'https://user:pass@example.com/hook',
      'https://user@example.com/hook',
      '/relative',
      'example.com/hook',
    ])
      expect(invalid(url), url).toBe('400 WEBHOOK_URL_INVALID');
  });

  it('refuses private literals in every spelling the URL parser accepts, unless allowed', () => {
    for (const url of [
      'http://127.0.0.1:3000/',
      'http://0x7f.1/', // the WHATWG parser reads 127.0.0.1
      'http://2130706433/', // 127.0.0.1 as one number
      'http://0.0.0.0/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[fd00::1]/',
      'http://[fe80::1]/',
      'http://169.254.169.254/latest/meta-data/',
      'http://100.64.1.1/',
      'http://localhost:8080/',
      'http://api.localhost/',
    ]) {
      expect(invalid(url), url).toBe('400 WEBHOOK_URL_INVALID');
      expect(invalid(url, true), url).toBe('accepted');
    }
  });
});

describe('SSRF guard: the lookup the socket connects with', () => {
  const resolver =
    (map: Record<string, string[]>): Resolver =>
    async (host) =>
      (map[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  const lookup = (r: Resolver, host: string, allowPrivate: boolean, all: boolean) =>
    new Promise<{ err: Error | null; address: unknown }>((resolve) =>
      guardedLookup(r, allowPrivate)(host, { all }, (err, address) => resolve({ err, address })),
    );

  it('hands the socket exactly the checked addresses', async () => {
    const r = resolver({ 'hooks.example.com': ['93.184.216.34', '2606:2800:220:1::1'] });
    expect(await lookup(r, 'hooks.example.com', false, false)).toEqual({
      err: null,
      address: '93.184.216.34',
    });
    expect((await lookup(r, 'hooks.example.com', false, true)).address).toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1::1', family: 6 },
    ]);
  });

  it('refuses a name when any of its addresses is private (rebinding, mixed round-robin)', async () => {
    const r = resolver({ 'rebind.example': ['127.0.0.1'], 'mixed.example': ['93.184.216.34', '10.0.0.7'] });
    const a = await lookup(r, 'rebind.example', false, true);
    expect(a.err).toBeInstanceOf(BlockedAddressError);
    expect(a.err?.message).toContain('127.0.0.1');
    expect((await lookup(r, 'mixed.example', false, false)).err).toBeInstanceOf(BlockedAddressError);
    expect((await lookup(r, 'rebind.example', true, false)).address).toBe('127.0.0.1');
    expect((await lookup(r, 'nowhere.example', false, false)).err?.message).toContain('no address');
  });
});
