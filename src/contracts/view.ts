/** The API view of a contract (what GET, list and create return), built from repository rows. */
import type { ContractDocumentRow, ContractRow, ContractSignerRow } from '../store/repositories/contracts.js';
import { signerOptionsOf, type IntentMethod } from './flow/options.js';
import type { Subject } from './inputs.js';
import { effectiveStatus } from './state.js';

export interface ContractDocumentView {
  id: string;
  position: number;
  kind: 'template' | 'pdf';
  templateVersionId: string | null;
  /** SHA-256 of the current revision (after the latest signature). */
  sha256: string;
  /** SHA-256 of the document as created. */
  originalSha256: string;
  /** Incremental updates appended since creation (signatures, DSS, document timestamp). */
  revision: number;
  pages: number;
  createdAt: number;
}

export interface SignerView {
  id: string;
  position: number;
  role: string;
  subject: Subject;
  status: ContractSignerRow['status'];
  signOrder: number;
  method: ContractSignerRow['method'];
  intent: IntentMethod[];
  readAt: number | null;
  signedAt: number | null;
  rejectReason: string | null;
  deadline: number | null;
}

export interface ContractView {
  id: string;
  title: string;
  status: ContractRow['status'];
  groupId: string | null;
  templateId: string | null;
  templateVersionId: string | null;
  dataSha256: string;
  expiresAt: number | null;
  revokeReason: string | null;
  rejectReason: string | null;
  completedAt: number | null;
  createdAt: number;
  updatedAt: number;
  documents?: ContractDocumentView[];
  signers?: SignerView[];
}

export function signerView(s: ContractSignerRow): SignerView {
  const options = signerOptionsOf(s.options);
  return {
    id: s.id,
    position: s.position,
    role: s.role,
    // Stored from a create request the schema checked (SUBJECT_SCHEMA): a Subject.
    subject: s.subject as Subject & Record<string, unknown>,
    status: s.status,
    signOrder: s.signOrder,
    method: s.method,
    intent: options.intent,
    readAt: s.readAt,
    signedAt: s.signedAt,
    rejectReason: s.rejectReason,
    deadline: options.deadline,
  };
}

export function documentView(d: ContractDocumentRow): ContractDocumentView {
  return {
    id: d.id,
    position: d.position,
    kind: d.templateVersionId ? 'template' : 'pdf',
    templateVersionId: d.templateVersionId,
    sha256: d.sha256,
    originalSha256: d.originalSha256,
    revision: d.revision,
    pages: d.pages,
    createdAt: d.createdAt,
  };
}

export function contractView(c: ContractRow, now: number): ContractView {
  return {
    id: c.id,
    title: c.title,
    status: effectiveStatus(c, now),
    groupId: c.groupId,
    templateId: c.templateId,
    templateVersionId: c.templateVersionId,
    dataSha256: c.dataSha256,
    expiresAt: c.expiresAt,
    revokeReason: c.revokeReason,
    rejectReason: c.rejectReason,
    completedAt: c.completedAt,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

/** One contract with its documents and signers (GET, revoke); lists leave them out. */
export type ContractDetailView = ContractView & Required<Pick<ContractView, 'documents' | 'signers'>>;

export function contractDetailView(
  c: ContractRow,
  now: number,
  documents: ContractDocumentRow[],
  signers: ContractSignerRow[],
): ContractDetailView {
  return {
    ...contractView(c, now),
    documents: documents.map(documentView),
    signers: signers.map(signerView),
  };
}
