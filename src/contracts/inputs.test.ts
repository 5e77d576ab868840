import { describe, expect, it } from 'vitest';
import type { HetongError } from '../shared/errors.js';
import { checkContractInput, type SignerInput } from './inputs.js';

const person = (id: string, role: string): SignerInput => ({
  role,
  subject: { kind: 'person', idType: 'user_id', id, name: id },
});

function problems(input: Parameters<typeof checkContractInput>[0]): string[] {
  try {
    checkContractInput(input);
    return [];
  } catch (e) {
    expect((e as HetongError).code).toBe('CONTRACT_INPUT_INVALID');
    expect((e as HetongError).status).toBe(422);
    return ((e as HetongError).details as { problems: { path: string }[] }).problems.map((p) => p.path);
  }
}

describe('checkContractInput', () => {
  it('accepts signers filling every role', () => {
    expect(
      problems({
        signers: [person('u1', '甲方'), person('u2', '乙方')],
        roles: ['甲方', '乙方'],
        documentCount: 1,
        now: 0,
      }),
    ).toEqual([]);
  });

  it('accepts any roles when the templates name none', () => {
    expect(problems({ signers: [person('u1', 'buyer')], roles: [], documentCount: 1, now: 0 })).toEqual([]);
  });

  it('lists every problem together', () => {
    expect(
      problems({
        signers: [person('u1', '甲方'), person('u1', '甲方'), person('u3', '丙方')],
        roles: ['甲方', '乙方'],
        documentCount: 0,
        expiresAt: 5,
        now: 10,
      }),
    ).toEqual(['documents', 'expiresAt', 'signers[1]', 'signers[2].role', 'signers']);
  });
});
