/**
 * Automatic signing (自动签): an organisation's signature made by the platform for the business
 * line, allowed only under an active authorization for the platform covering the contract's
 * templates, whose signed authorization letter verifies. No person reads or proves intent; the
 * letter is the organisation's recorded will, and every use names it (the authorization id and the
 * letter's SHA-256 in the signature record, the signed event and an `authorization.used` event).
 */
import type { SealService } from '../seals/service.js';
import { HetongError } from '../shared/errors.js';
import type { Db } from '../store/database.js';
import type { ActorContext } from '../tenancy/context.js';
import type { AuthorizationService } from './authorizations.js';
import type { SignFlowService, SignOutcome } from './flow/service.js';
import { signerOptionsOf } from './flow/options.js';
import type { Subject } from './inputs.js';
import { SignerSeals } from './signer-seals.js';

export class AutoSigner {
  constructor(
    private readonly deps: {
      db: Db;
      flows: SignFlowService;
      authorizations: AuthorizationService;
      seals: SealService;
    },
  ) {}

  async sign(
    lineId: string,
    contractId: string,
    signerId: string,
    body: { sealId?: string },
    actor: ActorContext,
  ): Promise<SignOutcome & { authorizationId: string }> {
    const { contract, signer } = await this.deps.flows.load(lineId, signerId);
    if (contract.id !== contractId)
      throw new HetongError('SIGNER_NOT_FOUND', 404, 'no such signer in this contract');
    const subject = signer.subject as unknown as Subject;
    if (subject.kind !== 'organization' || signer.method !== 'esign')
      throw new HetongError(
        'AUTO_SIGN_NOT_ALLOWED',
        409,
        'only an organization signing by esign can be signed automatically',
      );
    const documents = await this.deps.flows.repository.contracts.documents(contract.id);
    const authorization = await this.deps.authorizations.usable(
      lineId,
      subject,
      await this.deps.flows.templateIds(documents),
    );
    const appearance = await new SignerSeals(this.deps.seals).appearance(
      lineId,
      subject,
      signerOptionsOf(signer.options).sealKinds,
      body.sealId,
    );
    const outcome = await this.deps.flows.sign(
      lineId,
      signerId,
      { method: 'esign', appearance },
      {
        via: 'auto-sign',
        authorizationId: authorization.id,
        authorizationLetterSha256: authorization.letterSha256,
        readingDone: true,
        ip: actor.ip ?? null,
      },
      actor,
    );
    await this.deps.authorizations.recordUse(this.deps.db, actor, lineId, authorization, {
      contractId: contract.id,
      signerId,
    });
    return { ...outcome, authorizationId: authorization.id };
  }
}
