/**
 * Child process of the contract crash test: opens the services on an existing data directory (and
 * database) and creates contracts in a loop through ContractService — the same path the API takes —
 * printing `ack <contractId> <sha256>` after each create returns (what a client would have been
 * told). The test kills it with SIGKILL at random points.
 * Usage: crash-writer.fixture.ts DATA_DIR LINE_ID TEMPLATE_ID DATA_JSON_FILE [PG_URL SCHEMA]
 */
import { readFileSync } from 'node:fs';
import { loadConfig } from '../../src/app/config.js';
import { openServices } from '../../src/app/container.js';
import { openStore } from '../../src/store/database.js';

const [dataDir, lineId, templateId, dataFile, pgUrl, schema] = process.argv.slice(2);
if (!dataDir || !lineId || !templateId || !dataFile) throw new Error('usage: see the header');
const config = loadConfig({ HETONG_DATA_DIR: dataDir, HETONG_LOG_LEVEL: 'warn' });
const store = pgUrl ? openStore({ dataDir, databaseUrl: pgUrl, ...(schema ? { schema } : {}) }) : undefined;
const services = await openServices(config, store ? { store } : {});
const data = JSON.parse(readFileSync(dataFile, 'utf8')) as Record<string, unknown>;
const signers = [
  { role: '甲方', subject: { kind: 'organization' as const, idType: 'merchant_no', id: 'M-1', name: '甲' } },
  { role: '乙方', subject: { kind: 'person' as const, idType: 'user_id', id: 'U-1', name: '乙' } },
];
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  const created = await services.contracts.create(
    lineId,
    { templateId, title: `crash ${i}`, data: { ...data, contractNo: `CRASH-${process.pid}-${i}` }, signers },
    [],
    { actor: 'crash-test' },
  );
  process.stdout.write(`ack ${created.id} ${created.documents[0]!.sha256}\n`);
}
