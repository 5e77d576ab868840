/** The contract shapes the API answers with (src/http/schemas-contracts.ts CONTRACT_SCHEMA). */
export const CONTRACT_STATUSES = ['pending_signing', 'completed', 'rejected', 'revoked', 'expired'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];
export type SignerStatus = 'waiting' | 'ready' | 'read' | 'signed' | 'rejected';

export interface ContractDocument {
  id: string;
  position: number;
  kind: 'template' | 'pdf';
  sha256: string;
  revision: number;
  pages: number;
  createdAt: number;
}

export interface ContractSigner {
  id: string;
  position: number;
  role: string;
  subject: { kind: 'person' | 'organization'; idType: string; id: string; name: string; mobile?: string };
  status: SignerStatus;
  signOrder: number;
  method: 'esign' | 'clickwrap';
  intent: string[];
  readAt: number | null;
  signedAt: number | null;
  rejectReason: string | null;
  deadline: number | null;
}

export interface Contract {
  id: string;
  title: string;
  status: ContractStatus;
  groupId: string | null;
  templateId: string | null;
  expiresAt: number | null;
  revokeReason: string | null;
  rejectReason: string | null;
  completedAt: number | null;
  createdAt: number;
  updatedAt: number;
  documents: ContractDocument[];
  signers: ContractSigner[];
}

export interface ContractGroup {
  id: string;
  name: string;
  createdAt: number;
}

export interface SignLink {
  id: string;
  url: string;
  expiresAt: number;
}
