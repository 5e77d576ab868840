/**
 * Template approval (模板审核) as pure rules: a new version is `pending_approval` until legal
 * approves or rejects it, unless the business line auto-approves; approving makes the version the
 * active one and supersedes the previously active version. Contracts use only the active version.
 */
import { HetongError } from '../shared/errors.js';
import type { Db } from '../store/database.js';
import type { TemplateVersionStatus } from '../store/repositories/templates.js';

export type ReviewDecision = 'approve' | 'reject';

/**
 * Where the outcome of a review is reported besides the audit trail (the webhook outbox), inside
 * the review's own transaction `db`. `data`: templateId, versionId, version, and the reason of a
 * rejection or `auto: true` for an auto-approved version.
 */
export interface TemplateEventSink {
  emit(
    db: Db,
    businessLineId: string,
    type: 'template.version.approved' | 'template.version.rejected',
    data: Record<string, unknown>,
  ): Promise<void>;
}

/** The status a new version starts in. */
export function initialStatus(autoApprove: boolean): TemplateVersionStatus {
  return autoApprove ? 'approved' : 'pending_approval';
}

/** The status after a review; only a pending version can be reviewed, and a rejection needs a reason. */
export function reviewedStatus(
  current: TemplateVersionStatus,
  decision: ReviewDecision,
  reason?: string,
): TemplateVersionStatus {
  if (current !== 'pending_approval')
    throw new HetongError(
      'TEMPLATE_VERSION_NOT_PENDING',
      409,
      `this version is ${current}, not pending approval`,
      {
        status: current,
      },
    );
  if (decision === 'reject' && !reason?.trim())
    throw new HetongError('VALIDATION_FAILED', 400, 'a rejection needs a reason');
  return decision === 'approve' ? 'approved' : 'rejected';
}

/**
 * The version a contract is created from: the template's active version, which must exist and be
 * approved. A template whose versions all await review is refused with TEMPLATE_NOT_APPROVED.
 */
export function usableVersionId(template: { id: string; activeVersionId: string | null }): string {
  if (!template.activeVersionId)
    throw new HetongError('TEMPLATE_NOT_APPROVED', 409, 'the template has no approved version yet', {
      templateId: template.id,
    });
  return template.activeVersionId;
}
