/**
 * The contract event sink that queues signers' messages: the webhook event first, then a job per
 * signer with a contact — an invitation for the one whose turn came, a completion message for
 * each at the end — keyed so that each goes once; other events queue nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../store/database.js';
import type { ContractEventType } from './flow/events.js';
import { messagingEvents, SEND_COMPLETION, SEND_INVITATION } from './signer-messages.js';

const db = {} as Db;
const SIGNERS = [
  { id: 'sg_phone', subject: { name: '张三', mobile: '13800138000' } },
  { id: 'sg_mail', subject: { name: '李四', email: 'li@example.com' } },
  { id: 'sg_none', subject: { name: '王五' } },
];

function setup() {
  const emitted: string[] = [];
  const queued: { type: string; signerId: string; key: string }[] = [];
  const sink = messagingEvents(
    { emit: async (_db, _line, type) => void emitted.push(type) },
    async (_db, type, payload, key) => void queued.push({ type, signerId: payload.signerId, key }),
    async () => SIGNERS,
  );
  const emit = (type: ContractEventType, data: Record<string, unknown>) => sink.emit(db, 'bl_1', type, data);
  return { emitted, queued, emit };
}

describe('messagingEvents', () => {
  it('queues an invitation for a ready signer with a contact, none for one without', async () => {
    const { emitted, queued, emit } = setup();
    await emit('contract.signer.ready', { contractId: 'ct_1', signerId: 'sg_mail' });
    await emit('contract.signer.ready', { contractId: 'ct_1', signerId: 'sg_none' });
    expect(emitted).toEqual(['contract.signer.ready', 'contract.signer.ready']);
    expect(queued).toEqual([{ type: SEND_INVITATION, signerId: 'sg_mail', key: 'invite:sg_mail' }]);
  });

  it('queues one completion message per signer with a contact, and nothing for other events', async () => {
    const { queued, emit } = setup();
    await emit('contract.signer.signed', { contractId: 'ct_1', signerId: 'sg_phone' });
    await emit('contract.rejected', { contractId: 'ct_1' });
    expect(queued).toEqual([]);
    await emit('contract.completed', { contractId: 'ct_1' });
    expect(queued).toEqual([
      { type: SEND_COMPLETION, signerId: 'sg_phone', key: 'completed:sg_phone' },
      { type: SEND_COMPLETION, signerId: 'sg_mail', key: 'completed:sg_mail' },
    ]);
  });
});
