import { describe, expect, it } from 'vitest';
import type { ContractView, FieldPosition } from './api';
import { placedFields, signable } from './fields';

const field = (page: number): FieldPosition => ({
  page,
  rect: [350, 150, 470, 230],
  pageSize: [595.28, 841.89],
  crossPage: false,
});

const contract = (documents: { pages: number; fields: (FieldPosition | null)[] }[]) =>
  ({
    id: 'c1',
    title: 't',
    status: 'pending_signing',
    signer: { status: 'read' },
    documents: documents.map((d, i) => ({ id: `d${i}`, ...d })),
    todo: ['sign'],
  }) as unknown as ContractView;

describe("the signer's fields on the pages", () => {
  it('numbers pages over the whole contract, in page order, leaving out keywords not found', () => {
    const c = contract([
      { pages: 3, fields: [field(3), null, field(1)] },
      { pages: 2, fields: [field(2)] },
    ]);
    expect(placedFields(c).map((f) => [f.n, f.documentId])).toEqual([
      [1, 'd0'],
      [3, 'd0'],
      [5, 'd1'],
    ]);
  });

  it('is signable only while the contract is being signed and it is this signer’s turn', () => {
    const c = contract([]);
    expect(signable(c)).toBe(true);
    expect(signable({ ...c, signer: { ...c.signer, status: 'waiting' } })).toBe(false);
    expect(signable({ ...c, status: 'completed' })).toBe(false);
  });
});
