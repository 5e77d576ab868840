/**
 * Dictionaries (字典) on the wire: a line's list of values as the routes take and answer it (wire
 * contract: the routes validate and serialise by these schemas; the console (web/console/src/wire.ts)
 * and the installable client (src/client) are typed from them). `required` lists what
 * src/tenancy/dictionary-service.ts always sets.
 */
import { itemsOf, type ItemsWire } from './contracts.js';
import type { AlwaysSet, FromSchema } from './from-schema.js';

/**
 * Items a saved list may hold: the rule is src/tenancy/dictionaries.ts MAX_DICTIONARY_ITEMS (this
 * module stays free of server code, the client's build includes it; dictionaries.test.ts keeps the
 * two equal).
 */
export const DICTIONARY_MAX_ITEMS = 500;

export const DICTIONARY_CODE_PARAMS = {
  type: 'object',
  required: ['code'],
  properties: { code: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

export const DICTIONARY_ITEM_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['value', 'label'],
  properties: {
    value: { type: 'string', maxLength: 64 },
    label: { type: 'string', maxLength: 100 },
    disabled: { type: 'boolean' },
  },
} as const;

/** PUT /dictionaries/{code}: create the list, or replace its items. */
export const DICTIONARY_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'items'],
  properties: {
    name: { type: 'string', maxLength: 100 },
    description: { type: 'string', maxLength: 500 },
    items: { type: 'array', maxItems: DICTIONARY_MAX_ITEMS, items: DICTIONARY_ITEM_SCHEMA },
  },
} as const;

export const DICTIONARY_SCHEMA = {
  type: 'object',
  // items, builtin and updatedAt are always set too, after the optional description: typed so
  // (AlwaysSet), not `required`, which would serialise them ahead of it.
  required: ['code', 'name'],
  properties: {
    code: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string' },
    items: { type: 'array', items: DICTIONARY_ITEM_SCHEMA },
    builtin: { type: 'boolean', description: "the platform's list (the line has not replaced it)" },
    updatedAt: { type: ['integer', 'null'] },
  },
} as const;

export const DICTIONARY_LIST_SCHEMA = itemsOf(DICTIONARY_SCHEMA);

export type DictionaryItemWire = FromSchema<typeof DICTIONARY_ITEM_SCHEMA>;
export type DictionaryBody = FromSchema<typeof DICTIONARY_BODY>;
export type DictionaryWire = AlwaysSet<
  FromSchema<typeof DICTIONARY_SCHEMA>,
  'items' | 'builtin' | 'updatedAt'
>;
export type DictionaryListWire = ItemsWire<DictionaryWire>;
