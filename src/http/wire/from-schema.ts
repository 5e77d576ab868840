/**
 * The TypeScript type a JSON schema describes, for the schemas written `as const` in this folder:
 * one wire contract — the route validates and serialises by the schema, the server's handlers and
 * the console's pages are typed from it, so a changed answer fails type-checking on both sides.
 * Covers what the routes use: type (or a list of types), enum, const, anyOf/oneOf, properties
 * with `required` (others optional), items, additionalProperties.
 */
type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'object' | 'array';

export type FromSchema<S> = S extends { enum: readonly (infer E)[] }
  ? E
  : S extends { const: infer C }
    ? C
    : S extends { anyOf: readonly (infer A)[] }
      ? FromSchema<A>
      : S extends { oneOf: readonly (infer A)[] }
        ? FromSchema<A>
        : S extends { type: readonly (infer T)[] }
          ? OfType<T & JsonType, S>
          : S extends { type: infer T extends JsonType }
            ? OfType<T, S>
            : unknown;

type OfType<T extends JsonType, S> = T extends 'string'
  ? string
  : T extends 'number' | 'integer'
    ? number
    : T extends 'boolean'
      ? boolean
      : T extends 'null'
        ? null
        : T extends 'array'
          ? S extends { items: infer I }
            ? FromSchema<I>[]
            : unknown[]
          : T extends 'object'
            ? ObjectOf<S>
            : never;

type RequiredKeys<S> = S extends { required: readonly (infer R)[] } ? R : never;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type ObjectOf<S> = S extends { properties: infer P }
  ? Simplify<
      { -readonly [K in keyof P & RequiredKeys<S>]: FromSchema<P[K]> } & {
        -readonly [K in Exclude<keyof P, RequiredKeys<S>>]?: FromSchema<P[K]>;
      } & (S extends { additionalProperties: infer A extends object }
          ? Record<string, FromSchema<A>>
          : unknown)
    >
  : S extends { additionalProperties: infer A extends object }
    ? Record<string, FromSchema<A>>
    : Record<string, unknown>;
