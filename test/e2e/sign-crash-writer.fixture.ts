/**
 * Child process of the signing crash test: opens the services on an existing SQLite data directory
 * and signs every signer whose turn has come, one after another, through SignFlowService.sign — the
 * same call the signing session makes once reading and intent are done. It also plays the job
 * runner (the `contracts.complete` job) for contracts whose last signature committed but whose
 * completion (B-LTA) did not.
 * Prints `signing <signerId>` before each signature, `ack <signerId> signed` after it returns,
 * `ack <contractId> completed` after a completion, and `idle` when nothing is left to do or it has
 * started LIMIT operations (then it waits to be killed: each run does a bounded share of the work).
 * The test kills it with SIGKILL at random points.
 * Usage: sign-crash-writer.fixture.ts DATA_DIR LINE_ID [LIMIT]
 */
import { loadConfig } from '../../src/app/config.js';
import { openServices } from '../../src/app/container.js';

const [dataDir, lineId, limitArg] = process.argv.slice(2);
if (!dataDir || !lineId) throw new Error('usage: see the header');
const services = await openServices(loadConfig({ HETONG_DATA_DIR: dataDir, HETONG_LOG_LEVEL: 'warn' }), {
  rsaPoolSize: 0,
  log: () => undefined,
});
const db = services.store.db;
const { flows } = services.signFlows;
await services.ca();
process.stdout.write('ready\n');

const limit = limitArg ? Number(limitArg) : Infinity;
for (let started = 0; started < limit; started++) {
  const due = await db
    .selectFrom('contract_signers')
    .innerJoin('contracts', 'contracts.id', 'contract_signers.contract_id')
    .select('contract_signers.id')
    .where('contracts.business_line_id', '=', lineId)
    .where('contracts.status', '=', 'pending_signing')
    .where('contract_signers.status', 'in', ['ready', 'read'])
    .orderBy('contracts.created_at')
    .orderBy('contract_signers.position')
    .executeTakeFirst();
  if (due) {
    process.stdout.write(`signing ${due.id}\n`);
    // The last signature completes the contract (B-LTA) before sign returns.
    await flows.sign(
      lineId,
      due.id,
      { method: 'esign', appearance: null },
      { via: 'session', readingDone: true },
      { actor: 'test' },
    );
    process.stdout.write(`ack ${due.id} signed\n`);
    continue;
  }
  // A contract whose signers all signed but which is still pending: its completion was cut off.
  const cutOff = await db
    .selectFrom('contracts')
    .select('id')
    .where('business_line_id', '=', lineId)
    .where('status', '=', 'pending_signing')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('contract_signers')
            .select('contract_signers.id')
            .whereRef('contract_signers.contract_id', '=', 'contracts.id')
            .where('contract_signers.status', '!=', 'signed'),
        ),
      ),
    )
    .executeTakeFirst();
  if (!cutOff) break;
  process.stdout.write(`completing ${cutOff.id}\n`);
  process.stdout.write(`ack ${cutOff.id} ${await flows.complete(cutOff.id)}\n`);
}
process.stdout.write('idle\n');
// Nothing left: wait for the kill (the harness tells a kill from a crash by the signal).
setInterval(() => undefined, 60_000);
