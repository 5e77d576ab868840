/**
 * The hostile inputs of issue #14, as the abuse bench's attacker sends them: each is built in
 * memory by the generators the tests use (src/pdf/testing/hostile.ts, src/render/docx/testing/,
 * src/seals/testing/png.ts), prepared once (uploads the attack needs first), then sent in a loop.
 * Every request is an ordinary signed call of a business line: this is what any tenant can do.
 */
import { randomBytes } from 'node:crypto';
import type { HetongClient, RawResponse } from '../src/client/index.js';
import { buildMultipart } from '../src/http/multipart.js';
import {
  CATALOG_OBJECTS,
  classicPdf,
  nestedPdf,
  objectStreamBomb,
  xrefStreamBomb,
} from '../src/pdf/testing/hostile.js';
import { buildDocx, p, r } from '../src/render/docx/testing/build-docx.js';
import { docxWith, taggedBody } from '../src/render/docx/testing/hostile.js';
import { zeroDeflateBomb } from '../src/render/docx/testing/raw-zip.js';
import { whitePngWithInk } from '../src/seals/testing/png.js';
import { makePdf } from '../src/signing/testing/fixtures.js';
import { benchData } from './bench-line.js';

const GiB = 1024 * 1024 * 1024;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface AttackContext {
  client: HetongClient;
  /** The standard two-role template (bench-line.ts). */
  templateId: string;
}

export interface Attack {
  name: string;
  /** How many copies the attacker keeps in flight (the seal upload was reported with eight). */
  parallel: number;
  /** Builds the input and makes what it needs (not timed); returns the call sent in the loop. */
  prepare(ctx: AttackContext): Promise<(i: number) => Promise<RawResponse>>;
}

const SIGNERS = [
  { role: '甲方', subject: { kind: 'organization', idType: 'merchant_no', id: 'M-1', name: '甲方公司' } },
  { role: '乙方', subject: { kind: 'person', idType: 'user_id', id: 'U-1', name: '张三' } },
];

function multipart(
  client: HetongClient,
  path: string,
  fields: Record<string, string>,
  files: { field: string; filename: string; contentType: string; data: Uint8Array }[],
): Promise<RawResponse> {
  const boundary = `abuse${randomBytes(8).toString('hex')}`;
  return client.raw('POST', path, {
    body: new Uint8Array(buildMultipart(boundary, fields, files)),
    contentType: `multipart/form-data; boundary=${boundary}`,
  });
}

const verify = (name: string, make: () => Buffer): Attack => ({
  name,
  parallel: 1,
  async prepare({ client }) {
    const pdf = make();
    return () => client.raw('POST', '/api/v1/verify', { body: pdf, contentType: 'application/pdf' });
  },
});

const templateUpload = (name: string, make: () => Uint8Array): Attack => ({
  name,
  parallel: 1,
  async prepare({ client }) {
    const docx = make();
    return (i) =>
      multipart(client, '/api/v1/templates', { name: `abuse ${i}`, signerRoles: '["甲方","乙方"]' }, [
        { field: 'file', filename: 'abuse.docx', contentType: DOCX, data: docx },
      ]);
  },
});

/** A multipart contract (the standard template plus one uploaded PDF) whose JSON part is `contract`. */
const multipartContract = (name: string, contract: (templateId: string) => string): Attack => ({
  name,
  parallel: 1,
  async prepare({ client, templateId }) {
    const pdf = await makePdf(1);
    const json = contract(templateId);
    return () =>
      multipart(client, '/api/v1/contracts', { contract: json }, [
        { field: 'pdf', filename: 'annex.pdf', contentType: 'application/pdf', data: pdf },
      ]);
  },
});

const standardContract = (templateId: string, data: Record<string, unknown>) => ({
  templateId,
  title: 'abuse',
  data: { ...benchData()[0]!, ...data },
  signers: SIGNERS,
});

/**
 * About 20 paragraphs of two lines each per A4 page: `pages` pages of body text (the layout gives
 * ~0.77 pages per one asked: 730 asked make 562). Also the previews bench's document.
 */
export function longDocx(pages: number): Uint8Array {
  const line =
    '本合同条款内容用于测试长文档预览，甲乙双方经友好协商一致，同意按照下列条款履行各自的权利与义务。';
  const body = Array.from({ length: pages * 20 }, (_, i) => p([r(`第${i + 1}条 ${line}`)])).join('');
  return buildDocx({ body: body + p([r('{contractNo}')]) });
}

export const ATTACKS: Attack[] = [
  verify('verify: classic xref `0 2000000000` (171 KB)', () =>
    classicPdf(CATALOG_OBJECTS, { padding: 170 * 1024, xrefSubsection: '0 2000000000' }),
  ),
  verify('verify: Flate bomb in the xref stream (1 GiB)', () => xrefStreamBomb(GiB)),
  verify('verify: object-stream bomb (1 GiB)', () => objectStreamBomb(GiB)),
  verify('verify: 100,000 nested arrays', () => nestedPdf(100_000, 'array')),
  templateUpload('template: 350,000 tagged paragraphs', () => buildDocx({ body: taggedBody(350_000) })),
  templateUpload('template: 1 GiB zip bomb in an unreferenced part', () =>
    docxWith([
      { name: 'customXml/item9.bin', data: zeroDeflateBomb(1024), method: 8, declaredSize: 1000, crc: 0 },
    ]),
  ),
  {
    name: 'preview.png of a ~730-page contract (a new width each time: no cache)',
    parallel: 1,
    async prepare({ client }) {
      const template = await client.createTemplate({
        docx: longDocx(730),
        name: 'long',
        signerRoles: ['甲方', '乙方'],
      });
      const created = await client.createContract({
        templateId: template.id,
        title: 'long',
        data: { contractNo: 'HT-LONG' },
        signers: SIGNERS as never,
      });
      const docId = created.documents[0]!.id;
      return (i) =>
        client.raw('GET', `/api/v1/contracts/${created.id}/documents/${docId}/preview.png`, {
          query: { page: 1, width: 300 + (i % 1200) },
        });
    },
  },
  {
    name: 'seal upload: 4096×3900 PNG, 8 in parallel',
    parallel: 8,
    async prepare({ client }) {
      const png = whitePngWithInk(4096, 3900);
      const subject = JSON.stringify({
        kind: 'organisation',
        idType: 'USCC',
        idNumber: '91330100MA2XXXXX0Q',
        name: '杭州合同科技有限公司',
      });
      return () =>
        multipart(client, '/api/v1/seals/upload', { subject, removeBackground: 'true' }, [
          { field: 'file', filename: 'seal.png', contentType: 'image/png', data: png },
        ]);
    },
  },
  multipartContract('multipart contract: a 5 MB data value', (templateId) =>
    JSON.stringify(standardContract(templateId, { remark: '条'.repeat((5 * 1024 * 1024) / 3) })),
  ),
  multipartContract(
    'multipart contract: __proto__ key',
    (templateId) =>
      `{"__proto__":{"admin":true},${JSON.stringify(standardContract(templateId, {})).slice(1)}`,
  ),
  multipartContract('multipart contract: JSON nested 10,000 deep', (templateId) => {
    const base = JSON.stringify(standardContract(templateId, {}));
    return `${base.slice(0, -1)},"deep":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
  }),
];
