import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bytesOf,
  children,
  compareBytes,
  contentOf,
  decodeInteger,
  readRoot,
  sequence,
  integer,
  oid,
  octetString,
  boolean,
} from '../asn1/der.js';
import { OID } from '../asn1/oids.js';
import { openBuiltinCa, type BuiltinCa } from '../ca/builtin-ca.js';
import { MasterKey } from '../master-key.js';
import { MemoryPkiStore } from '../store/memory-pki-store.js';
import { openssl, scratch } from '../test-support/openssl.js';

let ca: BuiltinCa;
let s: ReturnType<typeof scratch>;
let root: string;
let chain: string;

beforeAll(async () => {
  ca = await openBuiltinCa({
    store: new MemoryPkiStore(),
    masterKey: MasterKey.fromBytes(new Uint8Array(32).fill(5)),
    publicUrl: 'http://localhost:8080',
    rsaPoolSize: 0,
  });
  s = scratch();
  root = s.pem('root.pem', ca.rootCertificate());
  s.pem('issuing.pem', ca.issuingCertificate());
  chain = s.file(
    'tsa-chain.pem',
    readFileSync(s.pem('t.pem', ca.tsaCertificate())) + readFileSync(join(s.dir, 'issuing.pem'), 'utf8'),
  );
});
afterAll(() => ca.close());

/** PKIStatusInfo of a TimeStampResp: status and failInfo bit string bytes. */
function statusOf(resp: Uint8Array): { status: bigint; failInfo?: string; token: boolean } {
  const [info, token] = children(resp, readRoot(resp));
  const fields = children(resp, info!);
  const bits = fields.find((f) => f.tag === 0x03);
  return {
    status: decodeInteger(contentOf(resp, fields[0]!)),
    failInfo: bits && Buffer.from(contentOf(resp, bits)).toString('hex'),
    token: token !== undefined,
  };
}

describe('RFC 3161 TSA', () => {
  it('answers an openssl query with a token openssl verifies against the root', async () => {
    const data = s.file('contract.pdf', '合同 — 测试数据 '.repeat(50));
    const query = s.file('q.tsq', '');
    expect(openssl('ts', '-query', '-data', data, '-sha256', '-cert', '-out', query).status).toBe(0);
    const reply = s.file('r.tsr', await ca.handleTimestampRequest(readFileSync(query)));
    const text = openssl('ts', '-reply', '-in', reply, '-text').out;
    expect(text).toContain('Status: Granted.');
    expect(text).toContain(`Policy OID: ${OID.hetongTsaPolicy}`);
    expect(text).toContain('Hash Algorithm: sha256');
    expect(text).toContain('Ordering: no');
    expect(text).toMatch(/Accuracy: 0x01 seconds/);
    expect(text).toMatch(/Nonce: 0x[0-9A-F]+/);
    expect(text).toMatch(/TSA: DirName:.*Hetong TSA/);
    const verified = openssl(
      'ts',
      '-verify',
      '-data',
      data,
      '-in',
      reply,
      '-CAfile',
      root,
      '-untrusted',
      chain,
    );
    expect(verified.out).toContain('Verification: OK');
    // A different document does not verify against the token.
    const other = s.file('other.pdf', 'something else');
    expect(
      openssl('ts', '-verify', '-data', other, '-in', reply, '-CAfile', root, '-untrusted', chain).out,
    ).not.toContain('Verification: OK');
  });

  it('echoes the nonce and gives every token a new serial', async () => {
    const query = s.file('q2.tsq', '');
    openssl('ts', '-query', '-digest', 'ab'.repeat(32), '-sha256', '-cert', '-out', query);
    const queryText = openssl('ts', '-query', '-in', query, '-text').out;
    const nonce = /Nonce: (0x[0-9A-F]+)/.exec(queryText)![1];
    const serials = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const reply = s.file(`r2-${i}.tsr`, await ca.handleTimestampRequest(readFileSync(query)));
      const text = openssl('ts', '-reply', '-in', reply, '-text').out;
      expect(text).toContain(`Nonce: ${nonce}`);
      serials.add(/Serial number: (\S+)/.exec(text)![1]!);
    }
    expect(serials.size).toBe(3);
  });

  it('leaves the certificate out without certReq, as openssl -no_nonce without -cert asks', async () => {
    const query = s.file('q3.tsq', '');
    openssl('ts', '-query', '-digest', 'cd'.repeat(32), '-sha256', '-no_nonce', '-out', query);
    const resp = await ca.handleTimestampRequest(readFileSync(query));
    const reply = s.file('r3.tsr', resp);
    const verified = openssl(
      'ts',
      '-verify',
      '-digest',
      'cd'.repeat(32),
      '-in',
      reply,
      '-CAfile',
      root,
      '-untrusted',
      chain,
    );
    expect(verified.out).toContain('Verification: OK');
    const token = s.file('t3.der', bytesOf(resp, children(resp, readRoot(resp))[1]!));
    expect(openssl('cms', '-cmsout', '-print', '-inform', 'DER', '-in', token).out).toMatch(
      /certificates:\s*<ABSENT>|certificates:\s*<EMPTY>/,
    );
  });

  it('timestamp() tokens verify with openssl for a SHA-256 digest', async () => {
    const digest = createHash('sha256').update('PAdES signature value').digest();
    const token = await ca.tsa.timestamp(digest);
    const file = s.file('token.der', token);
    const out = openssl(
      'ts',
      '-verify',
      '-digest',
      digest.toString('hex'),
      '-in',
      file,
      '-token_in',
      '-CAfile',
      root,
      '-untrusted',
      chain,
    );
    expect(out.out).toContain('Verification: OK');
    await expect(ca.tsa.timestamp(new Uint8Array(20))).rejects.toThrow(/32 bytes/);
  });

  it('carries the TSA chain, so openssl verifies a token with only the root as trust anchor', async () => {
    const data = s.file('root-only.pdf', '合同 — 只信任根证书 '.repeat(40));
    const digest = createHash('sha256').update(readFileSync(data)).digest();
    const token = s.file('root-only.tst', await ca.tsa.timestamp(digest));
    const verify = (file: string) =>
      openssl('ts', '-verify', '-data', file, '-in', token, '-token_in', '-CAfile', root);
    const verified = verify(data);
    expect(verified.out).toContain('Verification: OK');
    expect(verified.status).toBe(0);
    expect(verify(s.file('root-only-other.pdf', 'another document')).status).not.toBe(0);

    // The same through the protocol: an openssl query with -cert, verified against the root alone.
    const query = s.file('root-only.tsq', '');
    openssl('ts', '-query', '-data', data, '-sha256', '-cert', '-out', query);
    const reply = s.file('root-only.tsr', await ca.handleTimestampRequest(readFileSync(query)));
    expect(openssl('ts', '-verify', '-data', data, '-in', reply, '-CAfile', root).out).toContain(
      'Verification: OK',
    );
  });

  it('encodes SignedData.certificates as a DER SET OF: TSA and issuing CA, sorted, no root', async () => {
    const token = await ca.tsa.timestamp(new Uint8Array(32).fill(7));
    const [, explicit] = children(token, readRoot(token));
    const [signedData] = children(token, explicit!);
    const certificates = children(token, signedData!).find((t) => t.tag === 0xa0)!;
    const certs = children(token, certificates).map((t) => bytesOf(token, t));
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    expect(certs.map(hex).sort()).toEqual([ca.tsaCertificate(), ca.issuingCertificate()].map(hex).sort());
    expect(certs.map(hex)).not.toContain(hex(ca.rootCertificate()));
    // X.690 §11.6: SET OF elements in ascending order of their encodings.
    expect(compareBytes(certs[0]!, certs[1]!)).toBeLessThan(0);
    // openssl parses it as CMS without complaint
    const file = s.file('set-of.der', token);
    expect(openssl('cms', '-cmsout', '-print', '-inform', 'DER', '-in', file).status).toBe(0);
  });

  it('rejects bad requests with the right PKIStatus and failInfo', async () => {
    const imprint = (alg: string, len: number) =>
      sequence(sequence(oid(alg)), octetString(new Uint8Array(len)));
    // badAlg: SHA-1
    expect(
      statusOf(await ca.handleTimestampRequest(sequence(integer(1), imprint('1.3.14.3.2.26', 20)))),
    ).toEqual({ status: 2n, failInfo: '0780', token: false });
    // badRequest: version 2
    expect(
      statusOf(await ca.handleTimestampRequest(sequence(integer(2), imprint(OID.sha256, 32)))),
    ).toMatchObject({ status: 2n, failInfo: '0520' });
    // badDataFormat: garbage and a wrong digest length
    expect(statusOf(await ca.handleTimestampRequest(Uint8Array.of(1, 2, 3)))).toMatchObject({
      status: 2n,
      failInfo: '0204',
    });
    expect(
      statusOf(await ca.handleTimestampRequest(sequence(integer(1), imprint(OID.sha256, 31)))),
    ).toMatchObject({ status: 2n, failInfo: '0204' });
    // unacceptedPolicy (bit 15)
    expect(
      statusOf(
        await ca.handleTimestampRequest(sequence(integer(1), imprint(OID.sha256, 32), oid('1.2.3.4'))),
      ),
    ).toMatchObject({ status: 2n, failInfo: '000001' });
    // granted: our policy, certReq true, SHA-512
    expect(
      statusOf(
        await ca.handleTimestampRequest(
          sequence(integer(1), imprint(OID.sha512, 64), oid(OID.hetongTsaPolicy), boolean(true)),
        ),
      ),
    ).toMatchObject({ status: 0n, token: true });
    // openssl shows the rejection text
    const reply = s.file(
      'bad.tsr',
      await ca.handleTimestampRequest(sequence(integer(1), imprint('1.3.14.3.2.26', 20))),
    );
    expect(openssl('ts', '-reply', '-in', reply, '-text').out).toMatch(
      /Status: Rejected[\s\S]*unrecognized or unsupported algorithm identifier/,
    );
  });

  it('answers any byte string with a TimeStampResp, never throwing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (junk) => {
        const status = statusOf(await ca.handleTimestampRequest(junk));
        expect(status.status).toBe(2n);
      }),
      { numRuns: 200 },
    );
  });
});
