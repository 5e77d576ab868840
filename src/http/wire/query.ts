/**
 * Query strings on the wire. The server's ajv does not coerce (server.ts: coerceTypes false, so
 * "5" is not a number in a JSON body), so a number in a query string is a string schema that
 * admits digits only, and the route converts it. A caller builds the query from numbers or
 * strings alike (the client writes `String(v)`): `QueryOf` is the schema's type with those
 * parameters typed `number | string`.
 */
import type { FromSchema } from './from-schema.js';

/** Up to `max` decimal digits: a count, a page, a size, a time in milliseconds. */
export const DIGITS = <const N extends number>(max: N) =>
  ({ type: 'string', pattern: `^[0-9]{1,${max}}$` }) as const;

/** A string schema whose pattern starts with a digit (or a minus sign and a digit): a number. */
type NumberInQuery = { type: 'string'; pattern: `^[0-9]${string}` | `^-?[0-9]${string}` };

type WithNumbers<T, P> = {
  [K in keyof T]: K extends keyof P ? (P[K] extends NumberInQuery ? number | string : T[K]) : T[K];
};

/** What a caller may send as the query `S` describes: its numbers as numbers or digits. */
export type QueryOf<S> = S extends { properties: infer P } ? WithNumbers<FromSchema<S>, P> : never;
