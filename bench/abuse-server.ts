/**
 * The service under attack, in a process of its own so that its memory (threads included) can be
 * read from /proc while the attacker works, and a stall of its event loop cannot stall the
 * measuring: the embedded default (SQLite, local files, a fresh temp data dir) on 127.0.0.1,
 * started like `npm start` (MALLOC_ARENA_MAX=2 is set by the parent), without the job runner. It
 * prints one JSON line (`AbuseServer`) when ready and serves until its stdin closes. For each
 * line `lag` it reads on stdin it answers one JSON line (`EventLoopLag`): the delay of its event
 * loop since the previous one — how long the main thread itself was kept from answering, as
 * opposed to a request waiting for a CPU that other processes hold.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/app/config.js';
import { createApp } from '../src/app/container.js';
import { HetongClient } from '../src/client/index.js';
import { STANDARD_DOCX } from '../test/shared-bench.js';
import { benchLine } from './bench-line.js';

export interface EventLoopLag {
  p99Ms: number;
  maxMs: number;
}

export interface LineCredentials {
  appId: string;
  appSecret: string;
  templateId: string;
}

/** The victim's business line, and the attacker's own: the question is whether one line can stall another. */
export interface AbuseServer extends LineCredentials {
  url: string;
  attacker: LineCredentials;
}

const dataDir = mkdtempSync(join(tmpdir(), 'hetong-bench-abuse-'));
const app = await createApp(loadConfig({ HETONG_DATA_DIR: dataDir, HETONG_LOG_LEVEL: 'warn' }), {
  logger: false,
  jobs: false,
});
const { url, appId, appSecret, template } = await benchLine(app);
const attackerLine = await app.services.businessLines.create(
  { name: 'attacker', autoApprove: true },
  { actor: 'bench' },
);
const attackerTemplate = await new HetongClient({ baseUrl: url, ...attackerLine }).createTemplate({
  docx: readFileSync(STANDARD_DOCX),
  name: 'bench',
  signerRoles: ['甲方', '乙方'],
});
const ready: AbuseServer = {
  url,
  appId,
  appSecret,
  templateId: template.id,
  attacker: { appId: attackerLine.appId, appSecret: attackerLine.appSecret, templateId: attackerTemplate.id },
};
process.stdout.write(JSON.stringify(ready) + '\n');

let closing = false;
async function close(): Promise<void> {
  if (closing) return;
  closing = true;
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}
const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();
createInterface({ input: process.stdin })
  .on('line', (line) => {
    if (line !== 'lag') return;
    const answer: EventLoopLag = { p99Ms: lag.percentile(99) / 1e6, maxMs: lag.max / 1e6 };
    lag.reset();
    process.stdout.write(JSON.stringify(answer) + '\n');
  })
  .on('close', () => void close());
process.on('SIGTERM', () => void close());
