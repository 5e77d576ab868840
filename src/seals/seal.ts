import { HetongError } from '../shared/errors.js';

/** 印章: an image a subject signs with (DESIGN.md glossary). */
export type SealKind = 'round' | 'square' | 'uploaded' | 'handwritten';
export type SealStatus = 'active' | 'disabled';

export interface Seal {
  id: string;
  /** The subject (person or organisation) the seal belongs to. */
  subjectId: string;
  kind: SealKind;
  /** RGBA PNG, transparent outside the ink. */
  png: Uint8Array;
  /** Printed size on the page. */
  widthMm: number;
  heightMm: number;
  status: SealStatus;
  createdAt: string;
  /** When `status` became disabled (by hand or by a replacement). */
  disabledAt?: string;
  /** The seal this one replaced. */
  replaces?: string;
}

export interface NewSeal {
  id: string;
  subjectId: string;
  kind: SealKind;
  png: Uint8Array;
  widthMm: number;
  heightMm: number;
}

/** Printed size limits: from a small signature (5 mm) to a large seal (80 mm). */
const MIN_MM = 5;
const MAX_MM = 80;

export function createSeal(input: NewSeal, now: Date): Seal {
  for (const [field, v] of [
    ['widthMm', input.widthMm],
    ['heightMm', input.heightMm],
  ] as const)
    if (!Number.isFinite(v) || v < MIN_MM || v > MAX_MM)
      throw new HetongError('SEAL_SPEC_INVALID', 400, `${field} must be between ${MIN_MM} and ${MAX_MM} mm`, {
        [field]: v,
      });
  return { ...input, status: 'active', createdAt: now.toISOString() };
}

export function disableSeal(seal: Seal, now: Date): Seal {
  if (seal.status === 'disabled') return seal;
  return { ...seal, status: 'disabled', disabledAt: now.toISOString() };
}

export function enableSeal(seal: Seal): Seal {
  if (seal.status === 'active') return seal;
  const { disabledAt: _disabledAt, ...rest } = seal;
  return { ...rest, status: 'active' };
}

/** Replacing a seal disables the old one and creates its successor for the same subject and kind. */
export function replaceSeal(
  old: Seal,
  next: Omit<NewSeal, 'subjectId'>,
  now: Date,
): { disabled: Seal; created: Seal } {
  const created = createSeal({ ...next, subjectId: old.subjectId }, now);
  return { disabled: disableSeal(old, now), created: { ...created, replaces: old.id } };
}

/** The seals a subject may sign with, newest first. */
export function usableSeals(seals: readonly Seal[], subjectId: string, kind?: SealKind): Seal[] {
  return seals
    .filter(
      (s) => s.subjectId === subjectId && s.status === 'active' && (kind === undefined || s.kind === kind),
    )
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}

/** Refuses signing with a seal that is disabled or belongs to someone else. */
export function assertUsable(seal: Seal, subjectId: string): void {
  if (seal.subjectId !== subjectId)
    throw new HetongError('SEAL_NOT_OWNED', 403, 'the seal belongs to another subject', { sealId: seal.id });
  if (seal.status !== 'active')
    throw new HetongError('SEAL_DISABLED', 409, 'the seal is disabled', { sealId: seal.id });
}
