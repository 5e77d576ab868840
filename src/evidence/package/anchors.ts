/**
 * The anchors of a package's checkpoint (see src/evidence/log/anchoring.ts) and their offline
 * check. A TSA reply is self-authenticating: its token is a CMS signature over SHA-256 of
 * checkpoint.txt, so it proves the checkpoint — and every event under it — existed at its time.
 * A witness's cosignature is kept as it answered; checking it needs the witness's own key.
 */
import { createHash, X509Certificate } from 'node:crypto';
import type { Zippable } from 'fflate';
import { tokenOfReply } from '../../pki/tsa/client.js';
import { checkTimestampToken } from '../../signing/cms/parse.js';
import type { AnchorRecord } from '../log/log-store.js';

export interface PackagedAnchor {
  kind: AnchorRecord['kind'];
  url: string;
  at: number;
  file: string;
}

/** anchors.json and anchors/* for the checkpoint's answered anchors. */
export function anchorFiles(anchors: readonly AnchorRecord[]): Zippable {
  const files: Zippable = {};
  const listed: PackagedAnchor[] = [];
  anchors
    .filter((a) => a.ok && a.response)
    .forEach((a, i) => {
      const file = a.kind === 'tsa' ? `anchors/${i + 1}-tsa.tsr` : `anchors/${i + 1}-witness.txt`;
      files[file] = a.kind === 'tsa' ? Buffer.from(a.response!, 'base64') : Buffer.from(a.response!);
      listed.push({ kind: a.kind, url: a.url, at: a.at, file });
    });
  if (listed.length) files['anchors.json'] = Buffer.from(JSON.stringify(listed, null, 2));
  return files;
}

export interface AnchorFindings {
  passed: string[];
  problems: string[];
  notes: string[];
}

export function checkAnchors(files: Record<string, Uint8Array>, checkpointNote: Uint8Array): AnchorFindings {
  const out: AnchorFindings = { passed: [], problems: [], notes: [] };
  const list = files['anchors.json'];
  if (!list) {
    out.notes.push('the checkpoint has no outside anchor (TSA or witness) in this package');
    return out;
  }
  let anchors: PackagedAnchor[];
  try {
    anchors = JSON.parse(Buffer.from(list).toString('utf8')) as PackagedAnchor[];
    if (!Array.isArray(anchors)) throw new Error('not a list');
  } catch (e) {
    out.problems.push(`anchors.json is not readable: ${(e as Error).message}`);
    return out;
  }
  const imprint = createHash('sha256').update(checkpointNote).digest();
  for (const a of anchors) {
    const bytes = files[a.file];
    if (!bytes) {
      out.problems.push(`${a.file} is missing from the package`);
      continue;
    }
    if (a.kind === 'witness') {
      const names = [
        ...Buffer.from(bytes)
          .toString('utf8')
          .matchAll(/^— (\S+) /gmu),
      ].map((m) => m[1]);
      out.notes.push(
        `${a.file}: cosigned by witness ${names.join(', ') || '?'} (${a.url}); check it with that witness's key`,
      );
      continue;
    }
    try {
      const check = checkTimestampToken(tokenOfReply(bytes), () => imprint);
      if (!check.imprintMatches || !check.signatureValid) {
        out.problems.push(
          `${a.file}: the timestamp is not over this checkpoint (${check.problems.join('; ')})`,
        );
        continue;
      }
      const tsa = check.tsaCertificate ? new X509Certificate(check.tsaCertificate).subject : 'an unnamed TSA';
      out.passed.push(
        `checkpoint timestamped at ${check.genTime?.toISOString()} by ${tsa.replace(/\n/g, ', ')} (${a.url})`,
      );
      out.notes.push(
        `${a.file}: the TSA's chain was not checked here; run openssl ts -verify -data checkpoint.txt -in ${a.file} -CAfile <the TSA's root>`,
      );
    } catch (e) {
      out.problems.push(`${a.file}: ${(e as Error).message}`);
    }
  }
  return out;
}
