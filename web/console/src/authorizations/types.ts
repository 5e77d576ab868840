/**
 * Authorization shapes of the API: the wire contract (src/http/wire/authorizations.ts, typed from
 * the routes' schemas). A person delegate's ID-card number and contacts come back masked.
 */
export type { Authorization } from '../wire';

/** The organisation an authorization is given by (委托方). */
export interface Organization {
  name: string;
  idType: string;
  id: string;
}
