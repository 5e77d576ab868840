import { describe, expect, it } from 'vitest';
import { assertUsable, createSeal, disableSeal, enableSeal, replaceSeal, usableSeals } from './seal.js';

const png = Uint8Array.of(1);
const t0 = new Date('2026-11-01T00:00:00Z');
const t1 = new Date('2026-11-02T00:00:00Z');

describe('Seal life cycle', () => {
  it('creates active seals, disables, re-enables and replaces them', () => {
    const a = createSeal({ id: 's1', subjectId: 'org1', kind: 'round', png, widthMm: 42, heightMm: 42 }, t0);
    expect(a).toMatchObject({ status: 'active', createdAt: t0.toISOString() });
    const off = disableSeal(a, t1);
    expect(off).toMatchObject({ status: 'disabled', disabledAt: t1.toISOString() });
    expect(disableSeal(off, new Date())).toBe(off);
    expect(enableSeal(off)).toEqual(a);
    const { disabled, created } = replaceSeal(
      a,
      { id: 's2', kind: 'round', png, widthMm: 40, heightMm: 40 },
      t1,
    );
    expect(disabled.status).toBe('disabled');
    expect(created).toMatchObject({ subjectId: 'org1', replaces: 's1', status: 'active' });
    const b = createSeal(
      { id: 's3', subjectId: 'org1', kind: 'uploaded', png, widthMm: 38, heightMm: 38 },
      t0,
    );
    expect(usableSeals([disabled, created, b], 'org1').map((s) => s.id)).toEqual(['s2', 's3']);
    expect(usableSeals([disabled, created, b], 'org1', 'uploaded').map((s) => s.id)).toEqual(['s3']);
  });

  it('refuses odd sizes, disabled seals and seals of another subject', () => {
    expect(() =>
      createSeal({ id: 'x', subjectId: 'p', kind: 'square', png, widthMm: 0, heightMm: 18 }, t0),
    ).toThrow(expect.objectContaining({ code: 'SEAL_SPEC_INVALID' }));
    const s = createSeal({ id: 'x', subjectId: 'p', kind: 'square', png, widthMm: 18, heightMm: 18 }, t0);
    expect(() => assertUsable(s, 'q')).toThrow(
      expect.objectContaining({ code: 'SEAL_NOT_OWNED', status: 403 }),
    );
    expect(() => assertUsable(disableSeal(s, t1), 'p')).toThrow(
      expect.objectContaining({ code: 'SEAL_DISABLED', status: 409 }),
    );
    expect(() => assertUsable(s, 'p')).not.toThrow();
  });
});
