/**
 * `hetong sign IN.pdf -o OUT.pdf --subject 'name=…,kind=person|organization,id=…' [--seal SEAL.png]
 *   (--page N --x X --y Y [--width W --height H] [--top-left] | --keyword TEXT [--offset-x DX --offset-y DY])
 *   [--algorithm rsa|ec] [--reason …] [--location …] [--cross-page] [--ltv]`
 *
 * Signs with a one-time event certificate from the built-in CA and timestamps with its TSA
 * (HETONG_DATA_DIR / HETONG_MASTER_KEY honoured). Coordinates are points from the CropBox's
 * bottom-left corner, or its top-left corner with --top-left.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CertificateSubject } from '../../pki/index.js';
import { HetongError } from '../../shared/errors.js';
import {
  addLongTermValidation,
  signPdf,
  type SignFieldPlacement,
  type SignRequest,
} from '../../signing/index.js';
import { loadConfig } from '../config.js';
import { openCliPki } from './open-ca.js';

export function parseSubject(text: string): CertificateSubject {
  const fields = new Map<string, string>();
  for (const part of text.split(/,(?=\s*[a-zA-Z]+=)/)) {
    const i = part.indexOf('=');
    if (i > 0) fields.set(part.slice(0, i).trim().toLowerCase(), part.slice(i + 1).trim());
  }
  const name = fields.get('name');
  const kind = fields.get('kind') ?? 'person';
  const id = fields.get('id');
  if (!name || !id || !['person', 'organization', 'organisation'].includes(kind)) {
    throw new HetongError(
      'CLI_ARGUMENT_INVALID',
      400,
      "--subject needs 'name=…,kind=person|organization,id=…'",
    );
  }
  const organisation = kind !== 'person';
  // `id` may carry its type: `USCC:9131…` or `ID_CARD:1101…`.
  const m = /^([A-Za-z_-]+):(.+)$/.exec(id);
  return {
    kind: organisation ? 'organisation' : 'person',
    name,
    idType: fields.get('idtype') ?? m?.[1] ?? (organisation ? 'USCC' : 'ID_CARD'),
    idNumber: m?.[2] ?? id,
  };
}

const number = (v: string | undefined, flag: string): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new HetongError('CLI_ARGUMENT_INVALID', 400, `${flag} must be a number`);
  return n;
};

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o' },
      subject: { type: 'string' },
      seal: { type: 'string' },
      page: { type: 'string' },
      x: { type: 'string' },
      y: { type: 'string' },
      width: { type: 'string' },
      height: { type: 'string' },
      'top-left': { type: 'boolean' },
      keyword: { type: 'string' },
      occurrence: { type: 'string' },
      'offset-x': { type: 'string' },
      'offset-y': { type: 'string' },
      algorithm: { type: 'string' },
      reason: { type: 'string' },
      location: { type: 'string' },
      'cross-page': { type: 'boolean' },
      ltv: { type: 'boolean' },
    },
  });
  const input = positionals[0];
  if (!input || !values.output || !values.subject) {
    throw new HetongError(
      'CLI_ARGUMENT_INVALID',
      400,
      'usage: hetong sign IN.pdf -o OUT.pdf --subject … (--page N --x X --y Y | --keyword TEXT)',
    );
  }
  const width = number(values.width, '--width') ?? 120;
  const height = number(values.height, '--height') ?? 120;
  let field: SignFieldPlacement;
  if (values.keyword) {
    field = {
      keyword: values.keyword,
      width,
      height,
      offsetX: number(values['offset-x'], '--offset-x') ?? 0,
      offsetY: number(values['offset-y'], '--offset-y') ?? 0,
    };
    const occ = number(values.occurrence, '--occurrence');
    if (occ !== undefined) field.occurrence = occ;
  } else if (values.page && values.x !== undefined && values.y !== undefined) {
    field = {
      page: number(values.page, '--page')!,
      x: number(values.x, '--x')!,
      y: number(values.y, '--y')!,
      width,
      height,
      origin: values['top-left'] ? 'top-left' : 'bottom-left',
    };
  } else {
    throw new HetongError('CLI_ARGUMENT_INVALID', 400, 'give either --page N --x X --y Y or --keyword TEXT');
  }
  const algorithm =
    values.algorithm === 'ec'
      ? 'ECDSA-P256'
      : values.algorithm === undefined || values.algorithm === 'rsa'
        ? 'RSA-2048'
        : undefined;
  if (!algorithm) throw new HetongError('CLI_ARGUMENT_INVALID', 400, '--algorithm is rsa or ec');

  const config = loadConfig();
  const pki = await openCliPki(config);
  try {
    const ca = await pki.ca();
    const subject = parseSubject(values.subject);
    const key = await ca.issueEventKey(subject, algorithm);
    const request: SignRequest = { key, tsa: ca.tsa, field, name: subject.name };
    if (values.seal) {
      const png = readFileSync(values.seal);
      request.appearance = { png };
      if (values['cross-page']) request.crossPageSeal = { png, widthPt: width, heightPt: height };
    }
    if (values.reason) request.reason = values.reason;
    if (values.location) request.location = values.location;
    let pdf: Uint8Array;
    try {
      pdf = await signPdf(readFileSync(input), request);
    } finally {
      await key.destroy?.(); // one-time event key: gone once the signature exists
    }
    if (values.ltv) pdf = await addLongTermValidation(pdf, { revocation: ca.revocation, tsa: ca.tsa });
    writeFileSync(values.output, pdf);
    console.log(
      `signed ${input} → ${values.output} (${subject.name}, ${algorithm}${values.ltv ? ', B-LTA' : ', B-T'})`,
    );
    return 0;
  } finally {
    await pki.close();
  }
}
