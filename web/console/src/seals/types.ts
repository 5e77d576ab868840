/** Seal shapes of the API: the wire contract (src/http/wire/seals.ts), typed from the route schemas. */
export type { Seal, SealSubject } from '../wire';
