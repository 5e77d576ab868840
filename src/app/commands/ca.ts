/**
 * `hetong ca …`: the built-in CA for operators and tests (honours HETONG_DATA_DIR,
 * HETONG_MASTER_KEY and HETONG_PUBLIC_URL through loadConfig()).
 *
 *   hetong ca init                         create the CA if needed, print its certificates' subjects
 *   hetong ca export-root                  root certificate, PEM, on stdout
 *   hetong ca export issuing|tsa           another CA certificate, PEM
 *   hetong ca crl [issuing|root]           the current CRL, PEM
 *   hetong ca issue --name N --id-type T --id I [--org] [--organisation O] [--algorithm RSA-2048|ECDSA-P256]
 *                                          a long-lived certificate with its key in custody; prints
 *                                          the serial on stderr and the certificate PEM on stdout
 *   hetong ca revoke SERIAL [--reason keyCompromise|superseded|…]
 */
import { parseArgs } from 'node:util';
import { HetongError } from '../../shared/errors.js';
import { toPem, type KeyAlgorithm, type RevocationReason } from '../../pki/index.js';
import { CRL_REASONS } from '../../http/wire/certificates.js';
import { loadConfig } from '../config.js';
import { openCliPki } from './open-ca.js';

/** RFC 5280 §5.3.1 reason codes: one list with the API's (src/http/wire/certificates.ts). */
const REASONS: readonly RevocationReason[] = CRL_REASONS;

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const config = loadConfig();
  const pki = await openCliPki(config);
  try {
    const ca = await pki.ca();
    switch (sub) {
      case 'init': {
        const { X509Certificate } = await import('node:crypto');
        for (const [role, der] of [
          ['root', ca.rootCertificate()],
          ['issuing', ca.issuingCertificate()],
          ['tsa', ca.tsaCertificate()],
        ] as const) {
          const c = new X509Certificate(Buffer.from(der));
          console.log(
            `${role.padEnd(8)} ${c.subject.replace(/\n/g, ', ')}  serial ${c.serialNumber.toLowerCase()}  until ${c.validTo}`,
          );
        }
        return 0;
      }
      case 'export-root':
        process.stdout.write(toPem(ca.rootCertificate(), 'CERTIFICATE'));
        return 0;
      case 'export': {
        const which = rest[0];
        if (which === 'root') process.stdout.write(toPem(ca.rootCertificate(), 'CERTIFICATE'));
        else if (which === 'issuing') process.stdout.write(toPem(ca.issuingCertificate(), 'CERTIFICATE'));
        else if (which === 'tsa') process.stdout.write(toPem(ca.tsaCertificate(), 'CERTIFICATE'));
        else return usage(`export needs root, issuing or tsa`);
        return 0;
      }
      case 'crl': {
        const which = rest[0] ?? 'issuing';
        if (which !== 'issuing' && which !== 'root') return usage('crl takes issuing or root');
        process.stdout.write(toPem(await ca.crl(which), 'X509 CRL'));
        return 0;
      }
      case 'issue': {
        const { values } = parseArgs({
          args: rest,
          options: {
            name: { type: 'string' },
            'id-type': { type: 'string' },
            id: { type: 'string' },
            org: { type: 'boolean', default: false },
            organisation: { type: 'string' },
            algorithm: { type: 'string', default: 'ECDSA-P256' },
          },
        });
        if (!values.name || !values['id-type'] || !values.id)
          return usage('issue needs --name, --id-type and --id');
        if (values.algorithm !== 'ECDSA-P256' && values.algorithm !== 'RSA-2048')
          return usage('--algorithm is ECDSA-P256 or RSA-2048');
        const issued = await ca.issueLongLived(
          {
            kind: values.org ? 'organisation' : 'person',
            name: values.name,
            idType: values['id-type'],
            idNumber: values.id,
            ...(values.organisation ? { organisation: values.organisation } : {}),
          },
          values.algorithm as KeyAlgorithm,
        );
        console.error(`serial ${issued.serialNumber}`);
        process.stdout.write(toPem(issued.certificate, 'CERTIFICATE'));
        return 0;
      }
      case 'revoke': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { reason: { type: 'string', default: 'unspecified' } },
        });
        const serial = positionals[0];
        if (!serial) return usage('revoke needs a serial number');
        if (!REASONS.includes(values.reason as RevocationReason))
          throw new HetongError(
            'CA_REVOCATION_REASON_INVALID',
            400,
            `unknown revocation reason ${values.reason}`,
            { reasons: REASONS },
          );
        await ca.revoke(serial, values.reason as RevocationReason);
        console.error(`revoked ${serial.toLowerCase()} (${values.reason})`);
        return 0;
      }
      default:
        return usage(sub ? `unknown subcommand '${sub}'` : 'missing subcommand');
    }
  } finally {
    await pki.close();
  }
}

function usage(problem: string): number {
  console.error(`hetong ca: ${problem}
usage: hetong ca init | export-root | export root|issuing|tsa | crl [issuing|root]
       hetong ca issue --name N --id-type T --id I [--org] [--organisation O] [--algorithm ECDSA-P256|RSA-2048]
       hetong ca revoke SERIAL [--reason ${REASONS.join('|')}]`);
  return 2;
}
