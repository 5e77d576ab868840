/** Seal shapes of the API (src/http/routes/seals.ts SEAL_SCHEMA). */
export interface SealSubject {
  kind: 'person' | 'organization';
  idType: string;
  id: string;
  name: string;
}

export interface Seal {
  id: string;
  subject: SealSubject;
  kind: 'round' | 'square' | 'uploaded' | 'handwritten';
  widthMm: number;
  heightMm: number;
  status: 'active' | 'disabled';
  replaces: string | null;
  replacedBy: string | null;
  disabledAt: number | null;
  createdAt: number;
}
