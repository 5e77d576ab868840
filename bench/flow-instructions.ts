/**
 * Instruction count of a flow's heavy steps, for a figure that does not drift with the machine's
 * load (the flow section's CPU times do, by 2× on a shared machine): in process, one at a time,
 * `ContractService.create` (render in a worker thread, blob, transaction), the organisation's
 * `AutoSigner.sign` (keyword field, custody key, seal, PAdES B-T) and the person's
 * `SignFlowService.sign` (event certificate, new square seal, PAdES B-T, DSS + document
 * timestamp), after 10 warm flows. Run it twice under callgrind and divide the difference by N:
 *
 *   valgrind --tool=callgrind --smc-check=all-non-file --callgrind-out-file=/tmp/cg.0 node bin/run-ts.js bench/flow-instructions.ts 0
 *   valgrind --tool=callgrind --smc-check=all-non-file --callgrind-out-file=/tmp/cg.40 node bin/run-ts.js bench/flow-instructions.ts 40
 *   (I refs of the second − I refs of the first) / 40
 *
 * HETONG_BENCH_ROOT names another checkout to measure (its src/), e.g. the parent commit's.
 * The HTTP edge (authentication, sessions, intent codes, webhooks) is not in this figure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { App } from '../src/app/container.js';
import type * as ConfigModule from '../src/app/config.js';
import type * as OptionsModule from '../src/contracts/flow/options.js';
import type * as SignerSealsModule from '../src/contracts/signer-seals.js';
import { benchData, benchLine } from './bench-line.js';

const root = pathToFileURL(resolve(process.env.HETONG_BENCH_ROOT ?? join(import.meta.dirname, '..')) + '/');
const { loadConfig } = (await import(new URL('src/app/config.ts', root).href)) as typeof ConfigModule;
const { createApp } = (await import(new URL('src/app/container.ts', root).href)) as {
  createApp: (...a: unknown[]) => Promise<App>;
};

const { SignerSeals } = (await import(
  new URL('src/contracts/signer-seals.ts', root).href
)) as typeof SignerSealsModule;
const { signerOptionsOf } = (await import(
  new URL('src/contracts/flow/options.ts', root).href
)) as typeof OptionsModule;

const ORG = {
  kind: 'organization' as const,
  idType: 'USCC',
  id: '91310000MA1FLINSTR',
  name: '基准科技有限公司',
};
const measured = Number(process.argv[2] ?? 0);
const dataDir = mkdtempSync(join(tmpdir(), 'hetong-flow-instr-'));
const app = await createApp(loadConfig({ HETONG_DATA_DIR: dataDir, HETONG_LOG_LEVEL: 'warn' }), {
  logger: false,
});
try {
  const { appId, client, template } = await benchLine(app, {
    signFields: [
      { role: '甲方', keyword: '甲方（盖章）', width: 120, height: 120 },
      { role: '乙方', page: 3, x: 350, y: 150, width: 120, height: 120 },
    ],
  });
  await client.createAuthorization({ subject: ORG, validTo: Date.now() + 86_400_000 });
  const services = app.services;
  const line = (await services.businessLines.list()).find((l) => l.appId === appId)!;
  const data = benchData();
  const actor = { actor: 'bench' };
  let cpu0 = process.cpuUsage();
  for (let i = 0; i < 10 + measured; i++) {
    if (i === 10) cpu0 = process.cpuUsage();
    const c = await services.contracts.create(
      line.id,
      {
        templateId: template.id,
        title: `instructions ${i}`,
        data: { ...data[i % data.length]!, contractNo: `HT-INSTR-${i}` },
        signers: [
          { role: '甲方', subject: ORG },
          {
            role: '乙方',
            // A different name each time: a new person's seal is drawn, not found in a cache.
            subject: {
              kind: 'person',
              idType: 'user_id',
              id: `I-${i}`,
              name: `张${'一二三四五六七八九十'[i % 10]}${'甲乙丙丁戊己庚辛壬癸'[Math.floor(i / 10) % 10]}`,
            },
            signOrder: 2,
          },
        ],
      },
      [],
      actor,
    );
    const [org, person] = await services.signFlows.flows.repository.contracts.signers(c.id);
    await services.signFlows.autoSigner.sign(line.id, c.id, org!.id, {}, actor);
    // The person's seal as the session's sign call picks it: generated on first use.
    const appearance = await new SignerSeals(services.seals).appearance(
      line.id,
      person!.subject as never,
      signerOptionsOf(person!.options).sealKinds,
      undefined,
    );
    const r = await services.signFlows.flows.sign(
      line.id,
      person!.id,
      { method: 'esign', appearance },
      { via: 'session', readingDone: true },
      actor,
    );
    if (r.contractStatus !== 'completed') throw new Error(`not completed: ${r.contractStatus}`);
  }
  const cpu = process.cpuUsage(cpu0);
  // Without valgrind: the process's CPU time (all threads) per measured flow, a rougher figure.
  console.log(
    `flow-instructions: ${measured} measured flows after 10 warm ones, ` +
      `CPU ${((cpu.user + cpu.system) / 1000 / Math.max(1, measured)).toFixed(1)} ms per flow`,
  );
} finally {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}
