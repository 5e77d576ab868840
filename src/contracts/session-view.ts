/**
 * What a signing session shows (pure): the contracts of the link with their documents, page URLs
 * and the signer's field positions, the scene, the real-name requirement, the intent check, the
 * reading progress, and what the signer must still do (`realName`, `read`, `intent`, `sign` or
 * `agree`).
 */
import type { IntentMethod } from '../identity/intent.js';
import type { RealNameStanding } from '../identity/real-name/index.js';
import { maskEmail, maskPhone } from '../notify/mask.js';
import type { ContractDocumentRow, ContractRow, ContractSignerRow } from '../store/repositories/contracts.js';
import type { SigningSessionRow, SignLinkRow } from '../store/repositories/sign-links.js';
import type { FieldPosition } from './flow/field-positions.js';
import type { SignerOptions } from './flow/options.js';
import { combinedRule, readingProgress, type ReadingProgress } from './flow/reading.js';
import { isSignerActive } from './flow/signer-state.js';
import type { Subject } from './inputs.js';
import type { SceneView } from './scenes.js';
import { effectiveStatus } from './state.js';

/**
 * The signer's real-name standing when the scene requires it (null: not required). The page shows
 * what is missing; the business line verifies the subject (the page cannot: its factors come from
 * the line's own customer records).
 */
export type SessionRealName = null | Pick<RealNameStanding, 'verified' | 'gap' | 'expiresAt'>;

/**
 * The person an organisation signs through in this session (委托签约, ./delegation/session.ts):
 * the intent code goes to them, by the methods they can be reached on. null: no delegation.
 */
export type SessionDelegate = null | {
  authorizationId: string;
  name: string;
  mobile?: string;
  email?: string;
  methods: IntentMethod[];
};

export interface SessionContext {
  session: SigningSessionRow;
  link: SignLinkRow;
}

/** One contract of a session, with the session's signer in it. */
export interface SessionItem {
  contract: ContractRow;
  signer: ContractSignerRow;
  options: SignerOptions;
  documents: ContractDocumentRow[];
}

export function progressOf(item: SessionItem, scene: SceneView, now: number): ReadingProgress {
  return readingProgress(
    combinedRule(item.options, scene.settings.forcedReading),
    {
      startedAt: item.signer.readingStartedAt,
      lastPageSeen: item.signer.lastPageSeen,
      totalPages: item.documents.reduce((n, d) => n + d.pages, 0),
    },
    now,
  );
}

/**
 * Methods that satisfy every active signer of the session (one check covers them all), narrowed
 * to those the scene offers when that leaves any.
 */
export function intentMethodsOf(items: SessionItem[], scene: SceneView): IntentMethod[] {
  const wanted = items.filter((i) => isSignerActive(i.signer.status) && i.options.intent.length > 0);
  if (wanted.length === 0) return [];
  const all = (['sms', 'email'] as const).filter((m) => wanted.every((i) => i.options.intent.includes(m)));
  const offered = all.filter((m) => scene.settings.intentMethods?.includes(m) ?? true);
  return offered.length > 0 ? offered : all;
}

function todoOf(
  item: SessionItem,
  status: string,
  progress: ReadingProgress,
  session: SigningSessionRow,
  intent: IntentMethod[],
  realName: SessionRealName,
  delegated = false,
): string[] {
  if (status !== 'pending_signing' || !isSignerActive(item.signer.status)) return [];
  const todo: string[] = [];
  if (realName && !realName.verified) todo.push('realName');
  if (!progress.done) todo.push('read');
  // An organisation signing through its delegate always needs the delegate's code.
  const needsIntent =
    (delegated && (item.signer.subject as unknown as Subject).kind === 'organization') ||
    item.options.intent.length > 0;
  if (needsIntent && intent.length > 0 && session.intent_verified_at === null) todo.push('intent');
  todo.push(item.signer.method === 'clickwrap' ? 'agree' : 'sign');
  return todo;
}

/** The view; `fields[i]` are the field positions of `items[i]` by document id. */
export function sessionView(
  ctx: SessionContext,
  items: SessionItem[],
  fields: Record<string, (FieldPosition | null)[]>[],
  scene: SceneView,
  now: number,
  realName: SessionRealName = null,
  delegate: SessionDelegate = null,
) {
  const subject = items[0] ? (items[0].signer.subject as unknown as Subject) : undefined;
  const intentMethods = delegate ? delegate.methods : intentMethodsOf(items, scene);
  return {
    sessionExpiresAt: ctx.session.expires_at,
    client: ctx.link.client,
    mode: ctx.link.mode,
    redirectUrl: ctx.link.redirectUrl,
    scene: { id: scene.id, name: scene.name, ...scene.settings },
    signer: subject && {
      kind: subject.kind,
      name: subject.name,
      mobile: subject.mobile ? maskPhone(subject.mobile) : null,
      email: subject.email ? maskEmail(subject.email) : null,
    },
    realName: realName
      ? { required: true, verified: realName.verified, missing: realName.gap, expiresAt: realName.expiresAt }
      : { required: false, verified: false, missing: null, expiresAt: null },
    // Whom the organisation signs through: the code is sent to them, not to the signer's contact.
    delegate: delegate && {
      authorizationId: delegate.authorizationId,
      name: delegate.name,
      mobile: delegate.mobile ? maskPhone(delegate.mobile) : null,
      email: delegate.email ? maskEmail(delegate.email) : null,
    },
    intent: {
      methods: intentMethods,
      verified: ctx.session.intent_verified_at !== null,
      method: ctx.session.intent_method,
    },
    contracts: items.map((item, i) => {
      const progress = progressOf(item, scene, now);
      const status = effectiveStatus(item.contract, now);
      const base = `/sign/api/contracts/${item.contract.id}`;
      return {
        id: item.contract.id,
        title: item.contract.title,
        status,
        signer: {
          id: item.signer.id,
          role: item.signer.role,
          status: item.signer.status,
          method: item.signer.method,
          sealKinds: item.options.sealKinds,
          deadline: item.options.deadline,
          reading: {
            ...combinedRule(item.options, scene.settings.forcedReading),
            ...progress,
            lastPageSeen: item.signer.lastPageSeen,
          },
        },
        documents: item.documents.map((d) => ({
          id: d.id,
          pages: d.pages,
          /** The signer's sign fields on this document (null: a keyword not found). */
          fields: fields[i]?.[d.id] ?? [],
          kind: d.templateVersionId ? 'template' : 'pdf',
          previewPng: `${base}/documents/${d.id}/pages/{page}.png`,
          previewHtml: `${base}/documents/${d.id}/preview.html`,
          download: `${base}/documents/${d.id}/download`,
        })),
        todo: todoOf(item, status, progress, ctx.session, intentMethods, realName, delegate !== null),
      };
    }),
  };
}
