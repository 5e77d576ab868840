/** Authorization shapes of the API (src/contracts/authorizations.ts AuthorizationView). */
export interface Authorization {
  id: string;
  subject: { kind: string; idType: string; id: string; name: string };
  /** A person's ID number and contacts come back masked. */
  delegate:
    | { kind: 'platform' }
    | { kind: 'person'; subject: { name: string; idType: string; id: string; mobile?: string } };
  templateIds: string[] | null;
  validFrom: number;
  validTo: number;
  status: 'active' | 'revoked';
  revokeReason: string | null;
  letter: { sha256: string } | null;
  createdAt: number;
}

/** The organisation an authorization is given by (委托方). */
export interface Organization {
  name: string;
  idType: string;
  id: string;
}
