/**
 * What an evidence package is made of, from the services that hold it: the contract as the API
 * shows it, its documents as signed, and its parties — each signer with how it proved intent,
 * from where, and its real-name standing — masked as in every other view.
 */
import type { ContractService } from '../contracts/service.js';
import type { SignerView } from '../contracts/view.js';
import type { EvidencePackageSource } from '../evidence/package/build.js';
import { chinaTime, type ReportParty } from '../evidence/package/report.js';
import { maskIdNumber } from '../identity/real-name/id-number.js';
import type { RealNameStanding } from '../identity/real-name/service.js';
import { maskEmail, maskPhone } from '../notify/mask.js';
import type { Db } from '../store/database.js';
import { SigningRecordRepository, type SigningRecordRow } from '../store/repositories/signing-records.js';

export interface EvidenceSourceDeps {
  db: Db;
  contracts: ContractService;
  trustAnchors: () => Promise<Uint8Array[]>;
  /** An authorization's signed letter (授权委托书). */
  letter?: (lineId: string, authorizationId: string) => Promise<{ pdf: Uint8Array }>;
  /** A signer subject's real-name standing, when real-name verification is set up. */
  realName?: (
    lineId: string,
    subject: { idType: string; id: string; kind: 'person' | 'organization'; name: string },
  ) => Promise<RealNameStanding>;
}

const INTENT: Record<string, string> = { sms: '短信验证码', email: '邮箱验证码', none: '无' };
const REAL_NAME_GAP: Record<string, string> = {
  none: '未认证',
  pending: '认证中',
  failed: '认证失败',
  rejected: '认证被驳回',
  expired: '认证已过期',
  nameMismatch: '认证姓名不符',
};

/** ID-card-like numbers are masked; account ids of the business line are shown as given. */
const shownId = (idType: string, id: string) =>
  /id_?card|resident|身份证|passport/i.test(idType) || /^\d{17}[\dXx]$/.test(id) ? maskIdNumber(id) : id;

export function partyOf(
  signer: SignerView,
  record: SigningRecordRow | undefined,
  realName: RealNameStanding | undefined,
): ReportParty {
  const subject = signer.subject as {
    kind?: string;
    idType?: string;
    id?: string;
    name?: string;
    mobile?: string;
    email?: string;
  };
  const sig = record?.signature ?? {};
  const intentMethod = (sig.intent as { method?: string } | null | undefined)?.method;
  // An organisation that signed through its delegate (经办人): the code went to the delegate.
  const delegate = sig.delegate as { name?: string; contact?: string } | undefined;
  const contact = delegate
    ? `${delegate.contact ?? ''}（经办人 ${delegate.name ?? '?'}）`.trim()
    : intentMethod === 'sms' && subject.mobile
      ? maskPhone(subject.mobile)
      : intentMethod === 'email' && subject.email
        ? maskEmail(subject.email)
        : '';
  const asked = signer.intent.length ? signer.intent.map((i) => INTENT[i] ?? i).join('或') : '';
  return {
    signerId: signer.id,
    role: signer.role,
    name: subject.name ?? '?',
    subjectId: `${subject.idType ?? ''} ${shownId(subject.idType ?? '', subject.id ?? '')}`.trim(),
    kind: subject.kind ?? 'person',
    method: signer.method,
    status: signer.status,
    intent: intentMethod
      ? `${INTENT[intentMethod] ?? intentMethod}${contact ? ` ${contact}` : ''}`
      : asked && `要求：${asked}`,
    realName: realName
      ? realName.verified
        ? `已认证${realName.expiresAt ? `（有效至 ${chinaTime(realName.expiresAt).slice(0, 10)}）` : ''}`
        : (REAL_NAME_GAP[realName.gap ?? 'none'] ?? '未认证')
      : '',
    signedAt: signer.signedAt,
    ip: typeof sig.ip === 'string' ? sig.ip : '',
    userAgent: typeof sig.userAgent === 'string' ? sig.userAgent : '',
  };
}

export function evidenceSource(deps: EvidenceSourceDeps): EvidencePackageSource {
  return {
    contract: async (lineId, id) => {
      const view = await deps.contracts.get(lineId, id);
      const documents = await Promise.all(
        (view.documents ?? []).map(async (d) => ({
          file: `${d.position + 1}-${d.id}.pdf`,
          bytes: (await deps.contracts.download(lineId, id, d.id)).bytes,
        })),
      );
      const records = (
        await new SigningRecordRepository(deps.db).list(lineId, { contractId: id }, { limit: 1000 })
      ).items;
      const related: string[] = [];
      const parties = await Promise.all(
        (view.signers ?? []).map(async (s) => {
          const subject = s.subject as { idType: string; id: string; kind: string; name: string };
          const standing =
            deps.realName && (subject.kind === 'person' || subject.kind === 'organization')
              ? await deps.realName(lineId, subject as Parameters<typeof deps.realName>[1])
              : undefined;
          // The verification the standing rests on: its events go into the package too.
          if (standing?.verificationId) related.push(standing.verificationId);
          return partyOf(
            s,
            records.find((r) => r.signerId === s.id),
            standing,
          );
        }),
      );
      return { view, documents, parties, related };
    },
    trustAnchors: deps.trustAnchors,
    ...(deps.letter
      ? {
          letters: async (lineId: string, ids: string[]) =>
            Promise.all(
              ids.map(async (id) => ({
                file: `letter-${id}.pdf`,
                bytes: (await deps.letter!(lineId, id)).pdf,
              })),
            ),
        }
      : {}),
  };
}
