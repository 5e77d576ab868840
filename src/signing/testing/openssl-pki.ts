/**
 * Test PKI made with the openssl command line: a root CA, RSA-2048 and ECDSA P-256 end-entity
 * certificates, and a TSA certificate (critical timeStamping EKU) with `openssl ts -reply` behind
 * the TimestampAuthority interface — an independent, real RFC 3161 implementation. Tests only.
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey, sign as cryptoSign, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyAlgorithm, SigningKey, TimestampAuthority } from '../../pki/types.js';
import { integer, nullValue, octetString, oid, sequence } from '../../pki/asn1/der.js';

export interface OpensslPki {
  dir: string;
  rootPem: string;
  rootDer: Uint8Array;
  rsa: SigningKey;
  ec: SigningKey;
  tsa: TimestampAuthority;
  /** A key issued by an untrusted, separate root. */
  stranger: SigningKey;
  newKey(cn: string, algorithm: KeyAlgorithm): SigningKey;
}

const run = (dir: string, args: string[]): string =>
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString();

export function createOpensslPki(): OpensslPki {
  const dir = mkdtempSync(join(tmpdir(), 'hetong-pki-'));
  writeFileSync(
    join(dir, 'ext.cnf'),
    [
      '[ca]',
      'basicConstraints=critical,CA:true',
      'keyUsage=critical,keyCertSign,cRLSign',
      'subjectKeyIdentifier=hash',
      '[ee]',
      'basicConstraints=CA:false',
      'keyUsage=critical,digitalSignature,nonRepudiation',
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid',
      '[tsa]',
      'basicConstraints=CA:false',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=critical,timeStamping',
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid',
      '',
    ].join('\n'),
  );
  const makeRoot = (prefix: string, cn: string): void => {
    run(dir, [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${prefix}.key`,
      '-out',
      `${prefix}.pem`,
      '-days',
      '3650',
      '-subj',
      `/CN=${cn}/O=Hetong Test`,
      '-extensions',
      'ca',
      '-config',
      'ext.cnf',
    ]);
  };
  writeFileSync(
    join(dir, 'ext.cnf'),
    `[req]\ndistinguished_name=dn\n[dn]\n${readFileSync(join(dir, 'ext.cnf'), 'utf8')}`,
  );
  makeRoot('root', 'Hetong Test Root');
  makeRoot('other-root', 'Someone Else Root');
  let counter = 0;
  const issue = (
    cn: string,
    algorithm: KeyAlgorithm | 'tsa',
    issuer = 'root',
  ): { key: string; pem: string } => {
    const base = `k${++counter}`;
    const keyArgs =
      algorithm === 'ECDSA-P256'
        ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']
        : ['-newkey', 'rsa:2048'];
    run(dir, [
      'req',
      '-new',
      ...keyArgs,
      '-nodes',
      '-keyout',
      `${base}.key`,
      '-out',
      `${base}.csr`,
      '-subj',
      `/CN=${cn}/O=Hetong Test`,
      '-config',
      'ext.cnf',
    ]);
    run(dir, [
      'x509',
      '-req',
      '-in',
      `${base}.csr`,
      '-CA',
      `${issuer}.pem`,
      '-CAkey',
      `${issuer}.key`,
      '-set_serial',
      String(1000 + counter),
      '-days',
      '365',
      '-sha256',
      '-extfile',
      'ext.cnf',
      '-extensions',
      algorithm === 'tsa' ? 'tsa' : 'ee',
      '-out',
      `${base}.pem`,
    ]);
    return { key: join(dir, `${base}.key`), pem: join(dir, `${base}.pem`) };
  };
  const rootPem = readFileSync(join(dir, 'root.pem'), 'utf8');
  const rootDer = new Uint8Array(new X509Certificate(rootPem).raw);
  const toKey = (
    files: { key: string; pem: string },
    algorithm: KeyAlgorithm,
    chain: Uint8Array[],
  ): SigningKey => {
    const key = createPrivateKey(readFileSync(files.key));
    return {
      algorithm,
      certificate: new Uint8Array(new X509Certificate(readFileSync(files.pem)).raw),
      chain,
      sign: async (data) => cryptoSign('sha256', data, key),
    };
  };
  const newKey = (cn: string, algorithm: KeyAlgorithm): SigningKey =>
    toKey(issue(cn, algorithm), algorithm, [rootDer]);
  const otherRoot = new Uint8Array(new X509Certificate(readFileSync(join(dir, 'other-root.pem'))).raw);
  const stranger = toKey(issue('Stranger', 'RSA-2048', 'other-root'), 'RSA-2048', [otherRoot]);
  const tsaFiles = issue('Hetong Test TSA', 'tsa');
  writeFileSync(join(dir, 'tsaserial'), '01\n');
  writeFileSync(
    join(dir, 'ts.cnf'),
    [
      '[tsa]',
      'default_tsa=tsa_config1',
      '[tsa_config1]',
      `serial=${join(dir, 'tsaserial')}`,
      `signer_cert=${tsaFiles.pem}`,
      `certs=${join(dir, 'root.pem')}`,
      `signer_key=${tsaFiles.key}`,
      'signer_digest=sha256',
      'default_policy=1.2.3.4.1',
      'digests=sha256',
      'accuracy=secs:1',
      'ess_cert_id_alg=sha256',
      '',
    ].join('\n'),
  );
  let q = 0;
  const tsa: TimestampAuthority = {
    timestamp: async (digest) => {
      // RFC 3161 §2.4.1 TimeStampReq { version 1, messageImprint, certReq TRUE }
      const req = sequence(
        integer(1),
        sequence(sequence(oid('2.16.840.1.101.3.4.2.1'), nullValue()), octetString(digest)),
        Buffer.from([0x01, 0x01, 0xff]),
      );
      const qf = join(dir, `q${++q}.tsq`);
      const tf = join(dir, `q${q}.tst`);
      writeFileSync(qf, req);
      run(dir, ['ts', '-reply', '-config', 'ts.cnf', '-queryfile', qf, '-token_out', '-out', tf]);
      return new Uint8Array(readFileSync(tf));
    },
  };
  return {
    dir,
    rootPem,
    rootDer,
    rsa: newKey('Zhang San', 'RSA-2048'),
    ec: newKey('Example Trading Co., Ltd.', 'ECDSA-P256'),
    tsa,
    stranger,
    newKey,
  };
}
