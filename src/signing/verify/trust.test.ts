/** Path constraints (RFC 5280 §6.1.4): issuers below the anchor must be CAs within pathLen, the leaf not a CA. */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPath } from './trust.js';

let dir: string;
const der = (n: string): Uint8Array =>
  new Uint8Array(new X509Certificate(readFileSync(join(dir, `${n}.pem`))).raw);
const run = (args: string[]): void => {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
};

/** Issues `n` (signed by `issuer`, or self-signed when absent) with the named extension section. */
const issue = (n: string, ext: string, issuer?: string): void => {
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${n}.key`];
  if (!issuer) {
    run(['req', '-x509', ...key, '-out', `${n}.pem`, '-subj', `/CN=${n}`, '-days', '30']);
    run([
      'req',
      '-x509',
      '-key',
      `${n}.key`,
      '-out',
      `${n}.pem`,
      '-subj',
      `/CN=${n}`,
      '-days',
      '30',
      '-config',
      'ext.cnf',
      '-extensions',
      ext,
    ]);
    return;
  }
  run(['req', '-new', ...key, '-out', `${n}.csr`, '-subj', `/CN=${n}`, '-config', 'ext.cnf']);
  run([
    'x509',
    '-req',
    '-in',
    `${n}.csr`,
    '-CA',
    `${issuer}.pem`,
    '-CAkey',
    `${issuer}.key`,
    '-set_serial',
    String(Math.floor(Math.random() * 1e9)),
    '-days',
    '30',
    '-sha256',
    '-extfile',
    'ext.cnf',
    '-extensions',
    ext,
    '-out',
    `${n}.pem`,
  ]);
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hetong-trust-'));
  writeFileSync(
    join(dir, 'ext.cnf'),
    [
      '[req]',
      'distinguished_name=dn',
      '[dn]',
      '[ca]',
      'basicConstraints=critical,CA:true',
      'keyUsage=critical,keyCertSign,cRLSign',
      '[ca0]',
      'basicConstraints=critical,CA:true,pathlen:0',
      'keyUsage=critical,keyCertSign,cRLSign',
      '[eesign]',
      'basicConstraints=CA:false',
      'keyUsage=critical,digitalSignature,keyCertSign',
      '[ee]',
      'basicConstraints=CA:false',
      'keyUsage=critical,digitalSignature,nonRepudiation',
      '',
    ].join('\n'),
  );
  issue('root', 'ca');
  issue('inter', 'ca', 'root');
  issue('leaf', 'ee', 'inter');
  issue('caleaf', 'ca', 'root');
  issue('eeissuer', 'eesign', 'root');
  issue('underee', 'ee', 'eeissuer');
  issue('inter0', 'ca0', 'root');
  issue('inter1', 'ca', 'inter0');
  issue('deep', 'ee', 'inter1');
});

describe('buildPath constraints', () => {
  it('accepts leaf <- CA intermediate <- anchor', () => {
    const r = buildPath(der('leaf'), [der('inter')], [der('root')], new Date(Date.now() + 5000));
    expect(r.trusted).toBe(true);
    expect(r.chain).toHaveLength(3);
  });
  it('rejects a CA certificate as the leaf', () => {
    const r = buildPath(der('caleaf'), [], [der('root')], new Date(Date.now() + 5000));
    expect(r.trusted).toBe(false);
    expect(r.problem).toMatch(/end-entity certificate .* is a CA certificate/);
  });
  it('rejects an issuer that is not a CA', () => {
    const r = buildPath(der('underee'), [der('eeissuer')], [der('root')], new Date(Date.now() + 5000));
    expect(r.trusted).toBe(false);
    expect(r.problem).toMatch(/is not a CA certificate/);
  });
  it('rejects a path longer than an issuer pathLenConstraint allows', () => {
    const r = buildPath(
      der('deep'),
      [der('inter1'), der('inter0')],
      [der('root')],
      new Date(Date.now() + 5000),
    );
    expect(r.trusted).toBe(false);
    expect(r.problem).toMatch(/allows 0 intermediate/);
  });
});
