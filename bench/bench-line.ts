/**
 * What the HTTP benchmark sections set up alike: the standard contract's data (shared/bench), and
 * on a started app a loopback listener, a business line with auto-approval, its signed client and
 * the standard template uploaded through the API.
 */
import { readFileSync } from 'node:fs';
import type { App } from '../src/app/container.js';
import { HetongClient, type TemplateInfo, type TemplateUpload } from '../src/client/index.js';
import { STANDARD_DATA, STANDARD_DOCX } from '../test/shared-bench.js';

export function benchData(): Record<string, unknown>[] {
  return JSON.parse(readFileSync(STANDARD_DATA, 'utf8')) as Record<string, unknown>[];
}

export interface BenchLine {
  url: string;
  appId: string;
  appSecret: string;
  client: HetongClient;
  template: TemplateInfo;
}

export async function benchLine(
  app: App,
  template: Omit<TemplateUpload, 'docx' | 'name'> = {},
): Promise<BenchLine> {
  const url = await app.server.listen({ port: 0, host: '127.0.0.1' });
  const { appId, appSecret } = await app.services.businessLines.create(
    { name: 'bench', autoApprove: true },
    { actor: 'bench' },
  );
  const client = new HetongClient({ baseUrl: url, appId, appSecret });
  const created = await client.createTemplate({
    docx: readFileSync(STANDARD_DOCX),
    name: 'bench',
    signerRoles: ['甲方', '乙方'],
    ...template,
  });
  return { url, appId, appSecret, client, template: created };
}
