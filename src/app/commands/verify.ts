/**
 * `hetong verify FILE.pdf [--json] [--trust ROOT.pem …]`: reports every signature (verified in the
 * task pool with the service's bounds and time limit); exit code 0
 * only when every one is valid, trusted and nothing disallowed changed after it. Trust anchors:
 * the built-in root (when the CA exists in the configured database), the anchors imported through
 * the admin API (`trust_anchors`), plus the given PEM/DER files.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { HetongError } from '../../shared/errors.js';
import type { VerificationReport } from '../../signing/index.js';
import { loadConfig } from '../config.js';
import { openCliPki } from './open-ca.js';

export function formatReport(r: VerificationReport): string {
  const lines: string[] = [];
  r.signatures.forEach((s, i) => {
    lines.push(
      `Signature #${i + 1} (${s.kind}, field ${s.fieldNames.join(', ')}): ${s.valid ? 'VALID' : 'NOT VALID'}`,
    );
    if (s.signer) lines.push(`  signer:      ${s.signer.subject}`);
    lines.push(`  integrity:   ${s.integrity.valid ? 'ok' : `FAILED — ${s.integrity.problems.join('; ')}`}`);
    lines.push(
      `  trusted:     ${s.trusted ? `yes (${s.chain.map((c) => c.subject).join(' ← ')})` : `NO — ${s.trustProblem ?? ''}`}`,
    );
    if (s.timestamp)
      lines.push(
        `  timestamp:   ${s.timestamp.time} ${s.timestamp.valid && s.timestamp.trusted ? 'ok' : 'NOT VALID'} (${s.timestamp.tsa ?? '?'})`,
      );
    if (s.certification) lines.push(`  certifies:   DocMDP P=${s.certification.permissions}`);
    lines.push(
      `  covers:      ${s.coversWholeDocument ? 'the whole document' : `bytes 0–${s.revisionLength} (a later revision follows)`}`,
    );
    for (const c of s.changesAfter.disallowed) lines.push(`  MODIFIED AFTER SIGNING: ${c}`);
  });
  if (r.dss) lines.push(`DSS: ${r.dss.certificates} certificates, ${r.dss.crls} CRLs`);
  lines.push(r.valid ? 'Overall: VALID' : 'Overall: NOT VALID');
  return lines.join('\n');
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, trust: { type: 'string', multiple: true } },
  });
  const file = positionals[0];
  if (!file)
    throw new HetongError(
      'CLI_ARGUMENT_INVALID',
      400,
      'usage: hetong verify FILE.pdf [--json] [--trust ROOT.pem]',
    );
  const extra = (values.trust ?? []).map((p) => new Uint8Array(new X509Certificate(readFileSync(p)).raw));
  const pdf = readFileSync(file);
  const pki = await openCliPki(loadConfig());
  try {
    // In the task pool, as the service verifies: bounded parsers, a heap limit and a time limit
    // (VERIFY_TIMEOUT) instead of a command that hangs on a hostile file.
    const report = await pki.verifyPdf(pdf, { trustAnchors: [...(await pki.trustAnchors()), ...extra] });
    console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
    return report.valid ? 0 : 1;
  } finally {
    await pki.close();
  }
}
