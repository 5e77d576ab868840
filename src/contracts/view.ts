/** The API view of a contract (what GET, list and create return), built from repository rows. */
import type { ContractDocumentRow, ContractRow, ContractSignerRow } from '../store/repositories/contracts.js';
import { effectiveStatus } from './state.js';

export interface ContractDocumentView {
  id: string;
  position: number;
  kind: 'template' | 'pdf';
  templateVersionId: string | null;
  sha256: string;
  pages: number;
  createdAt: number;
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
  createdAt: number;
  updatedAt: number;
  documents?: ContractDocumentView[];
  signers?: {
    id: string;
    position: number;
    role: string;
    subject: Record<string, unknown>;
    status: string;
    signedAt: number | null;
  }[];
}

export function documentView(d: ContractDocumentRow): ContractDocumentView {
  return {
    id: d.id,
    position: d.position,
    kind: d.templateVersionId ? 'template' : 'pdf',
    templateVersionId: d.templateVersionId,
    sha256: d.sha256,
    pages: d.pages,
    createdAt: d.createdAt,
  };
}

export function contractView(
  c: ContractRow,
  now: number,
  documents?: ContractDocumentRow[],
  signers?: ContractSignerRow[],
): ContractView {
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
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    ...(documents ? { documents: documents.map(documentView) } : {}),
    ...(signers
      ? {
          signers: signers.map((s) => ({
            id: s.id,
            position: s.position,
            role: s.role,
            subject: s.subject,
            status: s.status,
            signedAt: s.signedAt,
          })),
        }
      : {}),
  };
}
