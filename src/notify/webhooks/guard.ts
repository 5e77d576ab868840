/**
 * The SSRF guard of webhook delivery. A business line chooses the URL Hetong POSTs to, so without
 * a guard it could make the server call its own admin API, a cloud metadata service
 * (169.254.169.254) or anything else on the private network. Addresses that are not globally
 * reachable are refused (IANA IPv4 and IPv6 Special-Purpose Address Registries, RFC 6890), and the
 * name is resolved here and the connection made to the very address that was checked, so a name
 * that resolves to a public address when checked and to 127.0.0.1 when connecting (DNS
 * rebinding) cannot pass.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { HetongError } from '../../shared/errors.js';

type Range = readonly [prefix: readonly number[], bits: number];

/** IPv4 blocks that are not globally reachable (RFC 6890 and the IANA registry). */
const V4_BLOCKED: readonly Range[] = [
  [[0, 0, 0, 0], 8], // "this network", incl. 0.0.0.0 (unspecified) — RFC 791
  [[10, 0, 0, 0], 8], // private — RFC 1918
  [[100, 64, 0, 0], 10], // shared address space (carrier-grade NAT) — RFC 6598
  [[127, 0, 0, 0], 8], // loopback — RFC 1122
  [[169, 254, 0, 0], 16], // link-local, cloud metadata services — RFC 3927
  [[172, 16, 0, 0], 12], // private — RFC 1918
  [[192, 0, 0, 0], 24], // IETF protocol assignments — RFC 6890
  [[192, 0, 2, 0], 24], // TEST-NET-1 — RFC 5737
  [[192, 88, 99, 0], 24], // 6to4 relay anycast (deprecated) — RFC 7526
  [[192, 168, 0, 0], 16], // private — RFC 1918
  [[198, 18, 0, 0], 15], // benchmarking — RFC 2544
  [[198, 51, 100, 0], 24], // TEST-NET-2 — RFC 5737
  [[203, 0, 113, 0], 24], // TEST-NET-3 — RFC 5737
  [[224, 0, 0, 0], 4], // multicast — RFC 5771
  [[240, 0, 0, 0], 4], // reserved, incl. 255.255.255.255 (limited broadcast) — RFC 1112
];

/** IPv6 blocks that are not globally reachable; the ones embedding IPv4 are handled apart. */
const V6_BLOCKED: readonly Range[] = [
  [[0, 0], 96], // ::/128 unspecified, ::1/128 loopback, ::/96 IPv4-compatible (deprecated) — RFC 4291
  [[0x00, 0x64, 0xff, 0x9b, 0, 1], 48], // local-use IPv4/IPv6 translation — RFC 8215
  [[0x01, 0x00, 0, 0, 0, 0, 0, 0], 64], // discard-only — RFC 6666
  [[0x20, 0x01, 0x00, 0x00], 32], // Teredo (tunnels to arbitrary IPv4) — RFC 4380
  [[0x20, 0x01, 0x00, 0x10], 28], // ORCHID — RFC 4843
  [[0x20, 0x01, 0x0d, 0xb8], 32], // documentation — RFC 3849
  [[0xfc], 7], // unique local — RFC 4193
  [[0xfe, 0x80], 10], // link-local — RFC 4291
  [[0xfe, 0xc0], 10], // site-local (deprecated) — RFC 3879
  [[0xff], 8], // multicast — RFC 4291
];

function inRange(bytes: readonly number[], [prefix, bits]: Range): boolean {
  for (let i = 0; i < bits; i += 8) {
    const take = Math.min(8, bits - i);
    const mask = (0xff << (8 - take)) & 0xff;
    if (((bytes[i / 8] ?? 0) & mask) !== ((prefix[i / 8] ?? 0) & mask)) return false;
  }
  return true;
}

function v4Bytes(ip: string): number[] {
  return ip.split('.').map(Number);
}

/** The 16 bytes of an IPv6 address (isIP(ip) === 6; a zone id `%eth0` is ignored). */
function v6Bytes(ip: string): number[] {
  let s = ip.replace(/%.*$/, '');
  const tail: number[] = [];
  const dotted = /:(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    tail.push(...v4Bytes(dotted[1]!));
    s = s.slice(0, dotted.index + 1) + '0:0';
  }
  const [head, rest] = s.split('::') as [string, string | undefined];
  const groups = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const words = [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  const bytes = words.flatMap((w) => [w >> 8, w & 0xff]);
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

/**
 * True when `ip` (an IPv4 or IPv6 literal) is private, loopback, link-local, unique-local,
 * multicast, unspecified or otherwise not globally reachable. IPv6 forms that carry an IPv4
 * address (IPv4-mapped `::ffff:127.0.0.1`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) are judged by
 * that IPv4 address. Anything that is not an IP literal counts as blocked.
 */
export function isBlockedAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return V4_BLOCKED.some((r) => inRange(v4Bytes(ip), r));
  if (family !== 6) return true;
  const b = v6Bytes(ip);
  // ::ffff:0:0/96 IPv4-mapped — RFC 4291 §2.5.5.2; 64:ff9b::/96 NAT64 — RFC 6052
  if (inRange(b, [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 96]) || inRange(b, [[0, 0x64, 0xff, 0x9b], 96]))
    return isBlockedAddress(b.slice(12).join('.'));
  // 2002::/16 6to4 — RFC 3056: the next 32 bits are the IPv4 address of the relay
  if (inRange(b, [[0x20, 0x02], 16])) return isBlockedAddress(b.slice(2, 6).join('.'));
  return V6_BLOCKED.some((r) => inRange(b, r));
}

const urlInvalid = (message: string, details?: Record<string, unknown>) =>
  new HetongError('WEBHOOK_URL_INVALID', 400, message, details);

/** The host of a URL as a resolver or an address check wants it: `[::1]` → `::1`. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Checks a webhook URL when an endpoint is registered: absolute http(s), no credentials in it, a
 * host; an IP literal or `localhost` must be public unless private targets are allowed. A name is
 * checked again, with its resolved addresses, on every delivery.
 */
export function checkWebhookUrl(raw: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw urlInvalid('the webhook URL is not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw urlInvalid('a webhook URL is http: or https:', { protocol: url.protocol });
  if (url.username || url.password)
    throw urlInvalid('a webhook URL must not carry credentials; check the X-Hetong-Signature header instead');
  const host = hostOf(url);
  if (!host) throw urlInvalid('the webhook URL has no host');
  if (!allowPrivate) {
    const local = host === 'localhost' || host.endsWith('.localhost'); // RFC 6761 §6.3
    if (local || (isIP(host) !== 0 && isBlockedAddress(host)))
      throw urlInvalid('the webhook URL points at a private, loopback or reserved address', { host });
  }
  return url;
}

export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

/** The system resolver (getaddrinfo, as a plain connection would use). */
export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) =>
      err ? reject(err) : resolve(addresses),
    ),
  );

/** Thrown (and recorded on the attempt) when a delivery's target address is refused. */
export class BlockedAddressError extends Error {
  constructor(readonly address: string) {
    super(`refused: ${address} is a private, loopback or reserved address`);
    this.name = 'BlockedAddressError';
  }
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for http.request/net.connect: resolves with `resolver`, refuses the name when ANY of
 * its addresses is blocked (one answer of a round-robin set must not be a way in), and hands the
 * socket exactly the addresses it checked.
 */
export function guardedLookup(resolver: Resolver, allowPrivate: boolean) {
  return (
    hostname: string,
    options: { all?: boolean; family?: number | string },
    callback: LookupCallback,
  ) => {
    resolver(hostname).then(
      (found) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
        const addresses = found.filter((a) => wanted === 0 || a.family === wanted);
        const blocked = allowPrivate ? undefined : addresses.find((a) => isBlockedAddress(a.address));
        if (blocked) return callback(new BlockedAddressError(blocked.address), '');
        if (addresses.length === 0)
          return callback(Object.assign(new Error(`${hostname}: no address`), { code: 'ENOTFOUND' }), '');
        if (options.all) return callback(null, addresses);
        callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (e: NodeJS.ErrnoException) => callback(e, ''),
    );
  };
}

/** Refuses an IP-literal host up front (net.connect does not call `lookup` for those). */
export function assertLiteralAllowed(host: string, allowPrivate: boolean): void {
  if (!allowPrivate && isIP(host) !== 0 && isBlockedAddress(host)) throw new BlockedAddressError(host);
}
