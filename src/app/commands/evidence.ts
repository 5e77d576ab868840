/**
 * `hetong evidence verify PACKAGE.zip [--key KEY|FILE] [--checkpoint LATER.txt] [--trust ROOT.pem …]
 * [--json]`: checks a contract's evidence package offline (src/evidence/package/verify.ts) — no
 * database, no network. Exit 0 only when every check holds; each problem is named.
 *
 * --key pins the log's verifier key (the string, or a file holding it) from a source you trust,
 * e.g. GET /evidence/key fetched earlier or published by the operator; --checkpoint is a later
 * checkpoint (GET /evidence/checkpoint?from=N, as a witness would fetch it) the package's
 * checkpoint must be consistent with; --trust pins the roots of the PDF signatures.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { verifyEvidencePackage, type PackageReport } from '../../evidence/package/verify.js';
import { HetongError } from '../../shared/errors.js';

const USAGE =
  'usage: hetong evidence verify PACKAGE.zip [--key KEY|FILE] [--checkpoint LATER.txt] [--trust ROOT.pem] [--json]';

export function formatPackageReport(r: PackageReport): string {
  const lines = [
    `Contract:   ${r.contractId ?? '?'}`,
    `Checkpoint: ${r.treeSize ?? '?'} leaves; ${r.events} events; ${r.documents.length} document(s)`,
    ...r.passed.map((p) => `  ok       ${p}`),
    ...r.problems.map((p) => `  PROBLEM  ${p}`),
    ...r.notes.map((n) => `  note     ${n}`),
    r.valid ? 'Overall: VALID' : `Overall: NOT VALID (${r.problems.length} problem(s))`,
  ];
  return lines.join('\n');
}

/** A key given inline (`name+id+base64`) or as a file holding it. */
function keyArgument(value: string): string {
  if (/^[^+\s]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$/.test(value.trim())) return value.trim();
  if (!existsSync(value))
    throw new HetongError('CLI_ARGUMENT_INVALID', 400, `--key ${value}: neither a verifier key nor a file`);
  return readFileSync(value, 'utf8').trim();
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      key: { type: 'string' },
      checkpoint: { type: 'string' },
      trust: { type: 'string', multiple: true },
      json: { type: 'boolean' },
    },
  });
  const [sub, file, ...extra] = positionals;
  if (sub !== 'verify' || !file || extra.length > 0)
    throw new HetongError('CLI_ARGUMENT_INVALID', 400, USAGE);
  const report = verifyEvidencePackage(readFileSync(file), {
    ...(values.key ? { key: keyArgument(values.key) } : {}),
    ...(values.checkpoint ? { laterCheckpoint: readFileSync(values.checkpoint, 'utf8') } : {}),
    ...(values.trust
      ? { trustAnchors: values.trust.map((p) => new Uint8Array(new X509Certificate(readFileSync(p)).raw)) }
      : {}),
  });
  console.log(values.json ? JSON.stringify(report, null, 2) : formatPackageReport(report));
  return report.valid ? 0 : 1;
}
