/**
 * The authorization letter (授权委托书): the document by which an organisation authorises a person
 * (its 经办人) or the platform (automatic signing, 自动签) to sign for it. It is a built-in template
 * (src/render/builtin) rendered by our own engine, then signed by the organisation with its
 * certificate and seal (./letters.ts). This file is pure: the template body and its data.
 *
 * What it says follows the authorization letters of e签宝 and 腾讯电子签 (企业授权书 / 自动签署授权书):
 * who authorises (name and unified social credit code), whom (a person with a masked ID number and
 * phone, or the platform for one business line), for which templates, for which period, under
 * which letter number, and that revocation ends it for the future only.
 */
import { maskPhone } from '../../notify/mask.js';
import { facts, heading, paragraph, run, table, title } from '../../render/builtin/index.js';
import { maskIdNumber } from '../../identity/real-name/index.js';
import type { Subject } from '../inputs.js';

/** The built-in template's name (compile cache key). */
export const LETTER_TEMPLATE = 'authorization-letter';

/**
 * The text the organisation's signature field is anchored on (a keyword field, like 关键字签 on a
 * contract): the seal is centred a little to the right of its end.
 */
export const LETTER_SEAL_KEYWORD = '授权方（盖章）：';

/** Whom the organisation authorises. */
export type Delegate = { kind: 'platform' } | { kind: 'person'; subject: Subject };

export interface LetterContent {
  letterId: string;
  organization: Subject;
  delegate: Delegate;
  businessLineName: string;
  /** null: every template of the business line. */
  templates: { id: string; name: string }[] | null;
  validFrom: number;
  validTo: number;
  issuedAt: number;
}

const CST_OFFSET_MS = 8 * 3_600_000;

/** '2026-12-05 15:13' in China Standard Time (UTC+08:00, no daylight saving). */
export function chinaMinute(ms: number): string {
  return new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** Credit codes are public registry data and shown whole; other id types are labelled as given. */
const CREDIT_CODE_TYPES = new Set(['uscc', 'credit_code', 'unified_social_credit_code', 'cred_org_usccode']);
const ID_CARD_TYPES = new Set(['id_card', 'idcard', 'resident_id', 'cred_psn_ch_idcard', 'ch_idcard']);

export function organizationIdLabel(idType: string): string {
  return CREDIT_CODE_TYPES.has(idType.toLowerCase()) ? '统一社会信用代码' : `证件（${idType}）`;
}

/** A person's identifier as the letter shows it: always masked, its type named. */
/** Whether an id type names a resident ID number (shown masked wherever it appears). */
export const isIdCardType = (idType: string): boolean => ID_CARD_TYPES.has(idType.toLowerCase());

export function personIdText(s: Subject): string {
  const label = isIdCardType(s.idType) ? '居民身份证' : s.idType;
  return `${label} ${maskIdNumber(s.id)}`;
}

/** A person as records and audit details name them: the identifier masked (it may be an ID number). */
export interface DelegateRef {
  name: string;
  idType: string;
  id: string;
  /** The delegate's real-name verification, when the scene required one. */
  realNameVerificationId?: string;
  /** Where the intent code that proved the delegate's will went, masked (138****5678). */
  contact?: string;
}

export const delegateRef = (s: Subject): DelegateRef => ({
  name: s.name,
  idType: s.idType,
  id: maskIdNumber(s.id),
});

export const PLATFORM_DELEGATE_NAME = 'Hetong 电子合同平台（自动签署）';

/** The data the template body below is rendered with. */
export function letterData(c: LetterContent): Record<string, string | { name: string; id: string }[]> {
  const org = c.organization;
  const person = c.delegate.kind === 'person' ? c.delegate.subject : null;
  const period = `${chinaMinute(c.validFrom)} 至 ${chinaMinute(c.validTo)}（北京时间 UTC+08:00）`;
  const delegateName = person ? person.name : PLATFORM_DELEGATE_NAME;
  return {
    letterId: c.letterId,
    orgName: org.name,
    orgIdLabel: organizationIdLabel(org.idType),
    orgId: org.id,
    delegateKind: person
      ? '自然人（经办人）/ a person'
      : '平台自动签署 / the platform, for automatic signing',
    delegateName,
    delegateContact: person
      ? [personIdText(person), person.mobile ? `手机 ${maskPhone(person.mobile)}` : null]
          .filter(Boolean)
          .join('；')
      : '—',
    businessLine: c.businessLineName,
    scope:
      c.templates === null ? '业务线的全部合同模板 / all templates' : `所列 ${c.templates.length} 个合同模板`,
    templates:
      c.templates === null
        ? [{ name: '全部模板（含授权期间新增的模板）/ all templates of the business line', id: '—' }]
        : c.templates.map((t) => ({ name: t.name, id: t.id })),
    period,
    issuedAt: chinaMinute(c.issuedAt),
    statement: person
      ? `兹授权受托人 ${person.name}（${personIdText(person)}）在授权期限内代表授权方，在 Hetong 电子合同平台上以授权方的数字证书和印章签署上述范围内的电子合同，签署时由受托人本人完成意愿认证。受托人在授权范围内签署的合同，授权方均予承认，并承担相应的法律责任。`
      : `兹授权 Hetong 电子合同平台在授权期限内，根据业务线「${c.businessLineName}」的请求，以授权方的数字证书和印章自动签署上述范围内的电子合同，无需授权方人员逐份确认。授权方承认依本授权自动签署的合同，并承担相应的法律责任。`,
    statementEn: person
      ? `${org.name} authorises ${person.name} to sign, for the organisation and with its certificate and seal, the contracts of the templates above within the period; the delegate proves intent in person for every signing.`
      : `${org.name} authorises the platform to sign automatically, for the organisation and with its certificate and seal, the contracts of the templates above that the business line "${c.businessLineName}" asks it to sign within the period.`,
  };
}

const NOTE = { size: 9, color: '595959' } as const;

/** The body of the built-in template `authorization-letter`. */
export const LETTER_BODY = [
  title('授权委托书'),
  paragraph('Authorization letter', { align: 'center', ...NOTE, after: 12 }),
  facts([
    ['授权书编号 Letter no.', '{letterId}'],
    ['授权方 Organisation', '{orgName}'],
    ['{orgIdLabel}', '{orgId}'],
    ['被授权方类型 Delegate', '{delegateKind}'],
    ['被授权方 Name', '{delegateName}'],
    ['证件与手机 ID, phone', '{delegateContact}'],
    ['业务线 Business line', '{businessLine}'],
    ['授权范围 Scope', '{scope}'],
    ['授权期限 Period', '{period}'],
  ]),
  heading('一、授权模板 Templates', 2),
  table(
    [
      { header: '模板名称 Name', width: 60 },
      { header: '模板编号 Id', width: 40 },
    ],
    [['{name}', '{id}']],
    'templates',
  ),
  heading('二、授权事项 What is authorised', 2),
  paragraph('{statement}', { indentChars: 2 }),
  paragraph('{statementEn}', { ...NOTE, indentChars: 2 }),
  paragraph(
    '本授权自授权期限开始时生效，至期限届满或授权方撤销时终止；撤销不影响撤销前已依本授权签署的合同。每次使用本授权签署，均在平台的存证日志中记录本授权书编号及其 SHA-256 摘要。本授权书由授权方以其数字证书和印章进行电子签名（PAdES）。',
    { indentChars: 2 },
  ),
  paragraph([run(LETTER_SEAL_KEYWORD, { bold: true }), run('{orgName}')], { before: 48, after: 36 }),
  paragraph([run('出具日期 Date：', { bold: true }), run('{issuedAt}（北京时间 UTC+08:00）')]),
].join('');
