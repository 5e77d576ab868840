/**
 * Which seal a signer signs with (印章): its active seals of the kinds its flow allows; a subject
 * with none gets its generated seal on first use (organisations a round seal, people a square name
 * seal), and when the signer names none, the default is its only seal, else its oldest generated
 * one — two first signings at once may both have generated one, and they must agree.
 */
import type { SealKind } from '../seals/seal.js';
import type { SealService, SealSubject, SealView } from '../seals/service.js';
import { HetongError } from '../shared/errors.js';
import type { SealAppearance } from './flow/sign-documents.js';
import type { Subject } from './inputs.js';

/** The seal owner of a contract subject: the same person or organisation, in the same shape. */
export const sealSubjectOf = (s: Subject): SealSubject => ({
  kind: s.kind,
  idType: s.idType,
  id: s.id,
  name: s.name,
});

const generatedKind = (s: Subject): 'round' | 'square' => (s.kind === 'organization' ? 'round' : 'square');

export class SignerSeals {
  constructor(private readonly seals: SealService) {}

  async usable(lineId: string, subject: Subject, kinds: readonly SealKind[]): Promise<SealView[]> {
    const list = async () =>
      (
        await this.seals.list(lineId, {
          subjectIdType: subject.idType,
          subjectId: subject.id,
          status: 'active',
        })
      ).filter((s) => kinds.includes(s.kind));
    const found = await list();
    if (found.length > 0) return found;
    const generated = generatedKind(subject);
    if (!kinds.includes(generated)) return [];
    await this.seals.create(lineId, sealSubjectOf(subject), { kind: generated }, { actor: 'system' });
    return list();
  }

  /** The image to sign with: the seal named (it must be usable) or the default one. */
  async appearance(
    lineId: string,
    subject: Subject,
    kinds: readonly SealKind[],
    sealId: string | undefined,
  ): Promise<SealAppearance> {
    const usable = await this.usable(lineId, subject, kinds);
    const generated = generatedKind(subject);
    const chosen =
      sealId ??
      (usable.length === 1
        ? usable[0]
        : usable
            .filter((s) => s.kind === generated)
            .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))[0]
      )?.id;
    if (!chosen)
      throw new HetongError('SEAL_REQUIRED', 400, 'choose a seal or draw a signature', {
        seals: usable.map((s) => s.id),
      });
    const seal = usable.find((s) => s.id === chosen);
    if (!seal)
      throw new HetongError('SEAL_KIND_NOT_ALLOWED', 403, 'this seal cannot be used by this signer', {
        sealKinds: kinds,
      });
    const { png } = await this.seals.usablePng(lineId, chosen, sealSubjectOf(subject));
    return { sealId: chosen, png, widthMm: seal.widthMm, heightMm: seal.heightMm };
  }
}
