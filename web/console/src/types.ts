/** The shapes the admin API answers with (the subset the console reads). */
export type Role = 'admin' | 'operator' | 'legal';

export interface Account {
  id: string;
  username: string;
  role: Role;
  status: 'active' | 'disabled';
  createdAt: number;
  updatedAt: number;
}

export interface BusinessLine {
  id: string;
  appId: string;
  name: string;
  status: 'active' | 'disabled';
  autoApprove: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface AuditEvent {
  id: number;
  actor: string;
  action: string;
  target: string;
  requestId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
  at: number;
  businessLineId?: string | null;
}
