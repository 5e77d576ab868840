/**
 * The TypeScript type a JSON schema describes, for the schemas written `as const` in this folder:
 * one wire contract — the route validates and serialises by the schema, the server's handlers, the
 * console's pages and the client are typed from it, so a changed shape fails type-checking on
 * every side. Covers what the routes use: type (or a list of types), enum, const, anyOf/oneOf,
 * properties with `required` (others optional), items, additionalProperties; an object schema
 * whose anyOf/oneOf only adds `required` lists (`oneOf: [{ required: ['page'] }, { required:
 * ['keyword'] }]`) is one object type per alternative; and a `$ref` naming the `$id` of the
 * schema it sits in (a recursive shape). The reference is by `$id`, not `#`: fast-json-stringify
 * resolves `#` against the route's whole response schema, not the nearest `$id`.
 */
type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'object' | 'array';

/** `R`: the nearest enclosing schema resource (JSON Schema 2020-12 §8.2.1: `$id` starts one). */
export type FromSchema<S, R = S> = S extends { $id: string } ? Resolve<S, S> : Resolve<S, R>;

type Resolve<S, R> = S extends { $ref: infer Ref }
  ? R extends { $id: Ref }
    ? FromSchema<R, R>
    : unknown
  : S extends { enum: readonly (infer E)[] }
    ? E
    : S extends { const: infer C }
      ? C
      : S extends { type: unknown; oneOf: readonly (infer V)[] }
        ? Narrowed<S, V, R>
        : S extends { type: unknown; anyOf: readonly (infer V)[] }
          ? Narrowed<S, V, R>
          : S extends { anyOf: readonly (infer A)[] }
            ? FromSchema<A, R>
            : S extends { oneOf: readonly (infer A)[] }
              ? FromSchema<A, R>
              : S extends { type: readonly (infer T)[] }
                ? OfType<T & JsonType, S, R>
                : S extends { type: infer T extends JsonType }
                  ? OfType<T, S, R>
                  : unknown;

/** The object `S` describes with the `required` list of one alternative `V` added (per alternative). */
type Narrowed<S, V, R> =
  OfBase<S, R> extends infer B
    ? V extends { required: readonly (infer K)[] }
      ? Simplify<B & { [P in K & keyof B]-?: Exclude<B[P], undefined> }>
      : B
    : never;

type OfBase<S, R> = S extends { type: readonly (infer T)[] }
  ? OfType<T & JsonType, S, R>
  : S extends { type: infer T extends JsonType }
    ? OfType<T, S, R>
    : unknown;

type OfType<T extends JsonType, S, R> = T extends 'string'
  ? string
  : T extends 'number' | 'integer'
    ? number
    : T extends 'boolean'
      ? boolean
      : T extends 'null'
        ? null
        : T extends 'array'
          ? S extends { items: infer I }
            ? FromSchema<I, R>[]
            : unknown[]
          : T extends 'object'
            ? ObjectOf<S, R>
            : never;

type RequiredKeys<S> = S extends { required: readonly (infer K)[] } ? K : never;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type ObjectOf<S, R> = S extends { properties: infer P }
  ? Simplify<
      { -readonly [K in keyof P & RequiredKeys<S>]: FromSchema<P[K], R> } & {
        -readonly [K in Exclude<keyof P, RequiredKeys<S>>]?: FromSchema<P[K], R>;
      } & (S extends { additionalProperties: infer A extends object }
          ? Record<string, FromSchema<A, R>>
          : unknown)
    >
  : S extends { additionalProperties: infer A extends object }
    ? Record<string, FromSchema<A, R>>
    : Record<string, unknown>;

/**
 * `T` with the keys `K` no longer optional: for properties an answer always has but that its
 * schema cannot list in `required` without changing the answer's bytes — fast-json-stringify
 * writes required properties first, so a required one after an optional one would move ahead of
 * it. The handler's return type still makes the server set them.
 */
export type AlwaysSet<T, K extends keyof T> = Simplify<
  Omit<T, K> & { -readonly [P in K]-?: Exclude<T[P], undefined> }
>;
