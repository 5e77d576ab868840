/**
 * The contract shapes (`Contract`: one contract with documents and signers; `ContractSummary`: a
 * list item) the API answers with: the wire contract (src/http/wire/contracts.ts), typed
 * from the routes' schemas. Only the list of statuses offered by the filter is the console's own.
 */
import type { ContractStatus } from '../wire';

export type {
  Contract,
  ContractDocument,
  ContractGroup,
  ContractSigner,
  ContractStatus,
  ContractSummary,
  SignerStatus,
  SignLink,
} from '../wire';

/** The statuses the filter offers, in the order shown. */
export const CONTRACT_STATUSES = [
  'pending_signing',
  'completed',
  'rejected',
  'revoked',
  'expired',
] as const satisfies readonly ContractStatus[];
