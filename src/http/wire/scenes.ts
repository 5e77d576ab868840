/**
 * Signing scenes (签约场景): the create and change requests with their settings, and the scene the
 * routes answer with (wire contract: the routes validate and serialise by these schemas; the
 * console (web/console/src/wire.ts) and the installable client (src/client) are typed from them).
 */
import { itemsOf } from './contracts.js';
import type { FromSchema } from './from-schema.js';

/** The settings of a scene as a request gives them (every one optional). */
export const SCENE_SETTINGS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    themeColor: { type: 'string', pattern: '^#[0-9a-fA-F]{6}$' },
    logoUrl: { type: 'string', maxLength: 2000, pattern: '^https?://' },
    allowReject: { type: 'boolean' },
    forcedReading: {
      type: 'object',
      additionalProperties: false,
      properties: { seconds: { type: 'integer', minimum: 0, maximum: 600 }, toLastPage: { type: 'boolean' } },
    },
    embedOrigins: {
      type: 'array',
      maxItems: 10,
      uniqueItems: true,
      // An origin only: scheme, host, optional port (CSP source expressions allow nothing more here).
      items: { type: 'string', maxLength: 200, pattern: '^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$' },
    },
    intentMethods: {
      type: 'array',
      minItems: 1,
      maxItems: 2,
      uniqueItems: true,
      items: { type: 'string', enum: ['sms', 'email'] },
    },
    clickwrapText: { type: 'string', minLength: 1, maxLength: 2000 },
    requireRealName: { type: 'boolean' },
    successText: { type: 'string', maxLength: 500 },
    redirectUrl: { type: 'string', maxLength: 2000, pattern: '^https?://' },
    redirectDelaySeconds: { type: 'integer', minimum: 0, maximum: 60 },
  },
} as const;

/**
 * A scene as answered: the settings given, with the defaults src/contracts/scenes.ts always fills
 * in (allowReject, clickwrapText).
 */
export const SCENE_SCHEMA = {
  type: 'object',
  required: ['id', 'name', 'settings', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    settings: { ...SCENE_SETTINGS_SCHEMA, required: ['allowReject', 'clickwrapText'] },
    createdAt: { type: 'integer' },
    updatedAt: { type: 'integer' },
  },
} as const;

export const SCENE_LIST_SCHEMA = itemsOf(SCENE_SCHEMA);

const SCENE_NAME = { type: 'string', minLength: 1, maxLength: 100 } as const;

/** POST /scenes */
export const CREATE_SCENE_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: SCENE_NAME, settings: SCENE_SETTINGS_SCHEMA },
} as const;

/** PATCH /scenes/{id}: settings are replaced as a whole. */
export const SCENE_CHANGE_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: { name: SCENE_NAME, settings: SCENE_SETTINGS_SCHEMA },
} as const;

export type SceneSettingsWire = FromSchema<typeof SCENE_SETTINGS_SCHEMA>;
export type CreateSceneBody = FromSchema<typeof CREATE_SCENE_BODY>;
export type SceneChangeBody = FromSchema<typeof SCENE_CHANGE_BODY>;
export type SceneWire = FromSchema<typeof SCENE_SCHEMA>;
