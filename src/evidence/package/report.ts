/**
 * The evidence report (存证报告): the human-readable page of an evidence package, rendered by our
 * own engine from a built-in template (src/render/builtin). It says who signed, how they proved
 * intent, from where, each revision of each document with its SHA-256, the certificates and
 * timestamps, every event with its log index, and the checkpoint they are proven against. The
 * machine-checkable truth is the rest of the package; the report tells a reader what it holds.
 *
 * Times are shown in China Standard Time (UTC+08:00, no daylight saving), labelled, so a report
 * reads the same wherever it is generated. Long hashes are shown in groups of 16 characters so
 * table cells can wrap them; the files in the package hold them whole.
 */
import { facts, heading, paragraph, run, table, title } from '../../render/builtin/index.js';
import type { RenderEngine } from '../../render/engine.js';
import { renderBuiltin } from '../../render/builtin/index.js';
import type { PackagedEvent } from './build.js';

export interface ReportParty {
  signerId: string;
  role: string;
  name: string;
  /** The subject's id, masked where it identifies a person (ID numbers). */
  subjectId: string;
  kind: string;
  method: string;
  status: string;
  /** e.g. "短信验证码 138****5678"; empty when none was asked. */
  intent: string;
  /** Real-name verification result, e.g. "已认证（三要素，2026-12-05）"; empty when unknown. */
  realName: string;
  signedAt: number | null;
  ip: string;
  userAgent: string;
}

export interface ReportRevision {
  /** 1-based position of the document in the package. */
  document: number;
  file: string;
  /** 1-based position of the signature in the document. */
  n: number;
  kind: 'signature' | 'document-timestamp';
  signer: string;
  issuer: string;
  serialNumber: string;
  /** The signature's signing time (PDF date or ISO), the timestamp's time, and the TSA's name. */
  signingTime: string;
  timestamp: string;
  tsa: string;
  /** SHA-256 (hex) of the document as this signature covers it. */
  sha256: string;
}

export interface EvidenceReportInput {
  contract: {
    id: string;
    title: string;
    status: string;
    createdAt: number;
    completedAt: number | null;
    dataSha256: string;
  };
  parties: ReportParty[];
  documents: { file: string; sha256: string }[];
  revisions: ReportRevision[];
  events: PackagedEvent[];
  checkpoint: { treeSize: number; rootHash: string; origin: string };
  logKey: string;
  /** One line per anchor of the checkpoint (TSA time, witness). */
  anchors: string[];
  generatedAt: number;
}

const CST_OFFSET_MS = 8 * 3600_000;

/** '2026-12-05 15:13:45' in UTC+08:00. */
export function chinaTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  return new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** A time as PDF dates (ISO 32000-1 §7.9.4, `D:YYYYMMDDHHmmSS+HH'mm'`) or ISO 8601 write it. */
export function parseTime(s: string): number | null {
  const d = /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|([+-])(\d{2})'?(\d{2})'?)?/.exec(s);
  if (d) {
    const utc = Date.UTC(+d[1]!, +d[2]! - 1, +d[3]!, +d[4]!, +d[5]!, +d[6]!);
    const offset = d[8] ? (d[8] === '-' ? -1 : 1) * (+d[9]! * 60 + +d[10]!) * 60_000 : 0;
    return utc - offset;
  }
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : t;
}

/** A hash in groups of `size` characters, so a narrow cell can wrap it between groups. */
export const grouped = (s: string, size = 16): string =>
  s.replace(new RegExp(`(.{${size}})(?=.)`, 'g'), '$1 ');

/** The common name (and organisation, when another) of an X.500 name as node:crypto prints it. */
export function commonName(dn: string): string {
  const part = (k: string) => new RegExp(`(?:^|[,\\n]\\s*)${k}=([^,\\n]+)`).exec(dn)?.[1]?.trim();
  const cn = part('CN');
  const o = part('O');
  return cn && o && o !== cn ? `${cn}（${o}）` : (cn ?? o ?? dn);
}

/** Who acted, in words: the business system, a signer by role, an operator, the platform. */
function actorLabel(actor: string, roles: Map<string, string>): string {
  const [kind, id = ''] = actor.split(/:(.*)/s);
  if (kind === 'signer') return `签署人（${roles.get(id) ?? id}）`;
  if (kind === 'app') return '业务系统';
  if (kind === 'admin') return `管理员 ${id}`;
  if (kind === 'system') return '平台';
  if (kind === 'cli') return '命令行';
  return actor;
}

const ACTIONS: Record<string, string> = {
  'contract.created': '合同创建',
  'contract.sign_link.created': '生成签署链接',
  'contract.sign_link.opened': '打开签署链接',
  'contract.signer.ready': '轮到签署',
  'contract.signer.read': '完成阅读',
  'contract.signer.signed': '签署完成',
  'contract.signer.rejected': '拒绝签署',
  'contract.completed': '合同完成',
  'contract.rejected': '合同被拒签',
  'contract.revoked': '合同撤销',
  'contract.expired': '合同过期',
  'contract.grouped': '归入合同组',
  'authorization.used': '依授权自动签署',
  'authorization.created': '出具授权委托书',
  'authorization.revoked': '撤销授权',
  'real_name.requested': '提交实名认证',
  'real_name.verified': '实名认证通过',
  'real_name.failed': '实名认证失败',
  'real_name.approved': '实名认证审核通过',
  'real_name.rejected': '实名认证被驳回',
};

const STATUSES: Record<string, string> = {
  pending_signing: '签署中',
  completed: '已完成',
  rejected: '已拒签',
  revoked: '已撤销',
  expired: '已过期',
  waiting: '等待中',
  ready: '待签署',
  read: '已阅读',
  signed: '已签署',
};

const METHODS: Record<string, string> = { esign: '电子签名（证书 + 印章）', clickwrap: '勾选同意' };

/** The template's data: every value a string, lists for the looped tables. */
export function reportData(input: EvidenceReportInput): Record<string, unknown> {
  const c = input.contract;
  const roles = new Map(input.parties.map((p) => [p.signerId, p.role]));
  const when = (t: string) => (t ? chinaTime(parseTime(t)) : '');
  return {
    contractId: c.id,
    contractTitle: c.title,
    status: STATUSES[c.status] ?? c.status,
    createdAt: chinaTime(c.createdAt),
    completedAt: chinaTime(c.completedAt),
    dataSha256: grouped(c.dataSha256),
    generatedAt: chinaTime(input.generatedAt),
    parties: input.parties.map((p) => ({
      role: p.role,
      who: `${p.name}（${p.kind === 'organization' ? '机构' : '个人'}，${p.subjectId}）`,
      realName: p.realName || '—',
      how: [METHODS[p.method] ?? p.method, p.intent].filter(Boolean).join('；'),
      state: `${STATUSES[p.status] ?? p.status}${p.signedAt ? ` ${chinaTime(p.signedAt)}` : ''}`,
      where: [p.ip, p.userAgent].filter(Boolean).join(' ') || '—',
    })),
    documents: input.documents.map((d, i) => ({ n: String(i + 1), file: d.file, sha256: grouped(d.sha256) })),
    revisions: input.revisions.map((r) => ({
      at: `文件 ${r.document} 签名 ${r.n}`,
      who: r.kind === 'document-timestamp' ? `文档时间戳 ${commonName(r.signer)}` : commonName(r.signer),
      cert: `${commonName(r.issuer)} 签发，序列号 ${grouped(r.serialNumber, 8)}`,
      time: [
        r.signingTime && `签署 ${when(r.signingTime)}`,
        r.timestamp && `时间戳 ${when(r.timestamp)}（${commonName(r.tsa)}）`,
      ]
        .filter(Boolean)
        .join('；'),
      sha256: grouped(r.sha256),
    })),
    events: input.events.map((e) => ({
      leaf: String(e.leafIndex),
      at: chinaTime(e.event.at),
      action:
        e.event.action === 'authorization.used' &&
        (e.event.details as { delegateKind?: unknown }).delegateKind === 'person'
          ? '经办人依授权签署'
          : (ACTIONS[e.event.action] ?? e.event.action),
      actor: actorLabel(e.event.actor, roles),
      ip: e.event.ip ?? '—',
    })),
    origin: input.checkpoint.origin,
    treeSize: String(input.checkpoint.treeSize),
    rootHash: grouped(input.checkpoint.rootHash),
    logKey: input.logKey,
    anchors: input.anchors.length ? input.anchors.join('；') : '无（未配置外部时间戳或见证方）',
    verifyCommand: `npx hetong evidence verify evidence-${c.id}.zip --key <日志公钥>`,
  };
}

/** The body of the built-in template `evidence-report`. */
export const REPORT_BODY = [
  title('电子合同存证报告'),
  paragraph([run('报告生成时间：', { bold: true }), run('{generatedAt}（北京时间 UTC+08:00）')], {
    align: 'center',
    size: 9,
    color: '595959',
  }),
  heading('一、合同信息'),
  facts([
    ['合同编号', '{contractId}'],
    ['合同标题', '{contractTitle}'],
    ['合同状态', '{status}'],
    ['创建时间', '{createdAt}'],
    ['完成时间', '{completedAt}'],
    ['合同数据 SHA-256', '{dataSha256}'],
  ]),
  heading('二、签署方'),
  table(
    [
      { header: '角色', width: 10 },
      { header: '签署方', width: 24 },
      { header: '实名认证', width: 14 },
      { header: '签署方式与意愿认证', width: 20 },
      { header: '状态与时间', width: 16 },
      { header: 'IP 与设备', width: 16 },
    ],
    [['{role}', '{who}', '{realName}', '{how}', '{state}', '{where}']],
    'parties',
  ),
  heading('三、文件'),
  table(
    [
      { header: '序号', width: 8 },
      { header: '文件', width: 40 },
      { header: '最终文件 SHA-256', width: 52 },
    ],
    [['{n}', '{file}', '{sha256}']],
    'documents',
  ),
  heading('四、签名、证书、时间戳与修订'),
  paragraph('每个签名覆盖文件的一个修订版本；下表列出各修订版本的 SHA-256，任何后续改动都会改变它。', {
    size: 9,
    color: '595959',
  }),
  table(
    [
      { header: '文件与签名', width: 12 },
      { header: '签署人', width: 20 },
      { header: '证书', width: 24 },
      { header: '时间', width: 22 },
      { header: '该修订 SHA-256', width: 22 },
    ],
    [['{at}', '{who}', '{cert}', '{time}', '{sha256}']],
    'revisions',
  ),
  heading('五、事件记录'),
  paragraph('每个事件都是存证日志的一个叶子（RFC 9162），其包含证明在证据包 proofs.json 中。', {
    size: 9,
    color: '595959',
  }),
  table(
    [
      { header: '日志序号', width: 12 },
      { header: '时间', width: 26 },
      { header: '事件', width: 20 },
      { header: '操作者', width: 22 },
      { header: 'IP', width: 20 },
    ],
    [['{leaf}', '{at}', '{action}', '{actor}', '{ip}']],
    'events',
  ),
  heading('六、存证日志检查点'),
  facts([
    ['日志', '{origin}'],
    ['树大小', '{treeSize}'],
    ['根哈希（base64）', '{rootHash}'],
    ['外部锚定', '{anchors}'],
  ]),
  // The key is long and must be read exactly: a full-width line, not a table cell.
  paragraph([run('日志公钥：', { bold: true, size: 9 }), run('{logKey}', { font: 'sans', size: 8.5 })], {
    before: 6,
  }),
  heading('七、如何核验'),
  paragraph(
    '本报告随证据包（ZIP）提供。任何人无需访问本平台即可离线核验：签名与修订、每个事件的包含证明、检查点签名，以及与更晚检查点的一致性。命令：',
    { indentChars: 2 },
  ),
  paragraph('{verifyCommand}', { font: 'sans', size: 9 }),
].join('');

export async function renderEvidenceReport(
  engine: RenderEngine,
  input: EvidenceReportInput,
): Promise<Uint8Array> {
  return (await renderBuiltin(engine, 'evidence-report', REPORT_BODY, reportData(input))).pdf;
}
