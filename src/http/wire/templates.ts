/**
 * Answers of the template routes the console draws with (wire contract: the route serialises by
 * the schema, the console is typed from it — web/console/src/wire.ts).
 */
import type { FromSchema } from './from-schema.js';

/** A box in PDF points from the page's (crop box's) bottom-left corner, as sign fields are given. */
const POINT_BOX = {
  type: 'object',
  required: ['page', 'x', 'y', 'width', 'height'],
  properties: {
    page: { type: 'integer', minimum: 1 },
    x: { type: 'number' },
    y: { type: 'number' },
    width: { type: 'number' },
    height: { type: 'number' },
  },
} as const;

/** GET /templates/{id}/keyword-boxes */
export const KEYWORD_BOXES_SCHEMA = {
  type: 'object',
  required: ['versionId', 'boxes'],
  properties: {
    versionId: { type: 'string' },
    boxes: {
      type: 'array',
      description: 'every occurrence of the keyword in reading order, with the sign field placed on it',
      items: {
        ...POINT_BOX,
        required: [...POINT_BOX.required, 'occurrence'],
        properties: { ...POINT_BOX.properties, occurrence: { type: 'integer', minimum: 1 } },
      },
    },
  },
} as const;

/** GET /templates/{id}/preview-pages */
export const PREVIEW_PAGES_SCHEMA = {
  type: 'object',
  required: ['versionId', 'pages'],
  properties: {
    versionId: { type: 'string' },
    pages: {
      type: 'array',
      items: {
        type: 'object',
        required: ['width', 'height'],
        properties: { width: { type: 'number' }, height: { type: 'number' } },
      },
    },
  },
} as const;

export type KeywordBoxesWire = FromSchema<typeof KEYWORD_BOXES_SCHEMA>;
export type PreviewPagesWire = FromSchema<typeof PREVIEW_PAGES_SCHEMA>;
