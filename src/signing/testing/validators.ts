/** Runs the independent validators from Debian on a signed PDF. Tests only. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function nssDatabase(rootPem: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hetong-nss-'));
  writeFileSync(join(dir, 'root.pem'), rootPem);
  execFileSync('certutil', ['-N', '--empty-password', '-d', `sql:${dir}`]);
  execFileSync('certutil', [
    '-A',
    '-d',
    `sql:${dir}`,
    '-n',
    'root',
    '-t',
    'CT,C,C',
    '-i',
    join(dir, 'root.pem'),
  ]);
  return dir;
}

export function tempFile(name: string, bytes: Uint8Array): string {
  const p = join(mkdtempSync(join(tmpdir(), 'hetong-sig-')), name);
  writeFileSync(p, bytes);
  return p;
}

export function pdfsig(nss: string, pdf: Uint8Array): string {
  const r = spawnSync('pdfsig', ['-nssdir', `sql:${nss}`, tempFile('doc.pdf', pdf)]);
  return r.stdout.toString() + r.stderr.toString();
}

export function qpdfCheck(pdf: Uint8Array): { ok: boolean; output: string } {
  const r = spawnSync('qpdf', ['--check', tempFile('doc.pdf', pdf)]);
  return { ok: r.status === 0, output: r.stdout.toString() + r.stderr.toString() };
}

export function mutoolVerify(pdf: Uint8Array): string {
  const r = spawnSync('mutool', ['sign', '-v', tempFile('doc.pdf', pdf)]);
  return r.stdout.toString() + r.stderr.toString();
}
