/**
 * Answers and JSON requests of the template routes (wire contract: the routes validate and
 * serialise by these schemas; the console (web/console/src/wire.ts) and the installable client
 * (src/client) are typed from them). `required` lists what the handlers always set: a missing one
 * fails serialisation instead of reaching a caller as `undefined`.
 */
import { DOCUMENT_PREVIEW_HTML_QUERY, PAGE_QUERY, PREVIEW_PNG_QUERY } from './contracts.js';
import type { FromSchema } from './from-schema.js';
import type { QueryOf } from './query.js';

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

/**
 * A sign field (签署区) of a template version, as src/templates/inputs.ts TemplateSignField: page
 * coordinates in PDF points, or a keyword anchor. The page variant comes first: a keyword field has
 * no page, so it is serialised by the second.
 */
export const TEMPLATE_SIGN_FIELD_SCHEMA = {
  anyOf: [
    {
      type: 'object',
      required: ['role', 'page', 'x', 'y', 'width', 'height'],
      properties: {
        role: { type: 'string' },
        page: { type: 'integer' },
        x: { type: 'number' },
        y: { type: 'number' },
        width: { type: 'number' },
        height: { type: 'number' },
        origin: { type: 'string', enum: ['bottom-left', 'top-left'] },
        crossPage: { type: 'boolean', description: 'also a cross-page seal (骑缝章)' },
      },
    },
    {
      type: 'object',
      required: ['role', 'keyword', 'width', 'height'],
      properties: {
        role: { type: 'string' },
        keyword: { type: 'string' },
        occurrence: { type: 'integer' },
        offsetX: { type: 'number' },
        offsetY: { type: 'number' },
        width: { type: 'number' },
        height: { type: 'number' },
        crossPage: { type: 'boolean' },
      },
    },
  ],
} as const;

export const TEMPLATE_VERSION_SCHEMA = {
  type: 'object',
  required: [
    'id',
    'templateId',
    'version',
    'status',
    'signerRoles',
    'signFields',
    'missing',
    'fieldCount',
    'createdBy',
    'reviewerId',
    'reviewReason',
    'reviewedAt',
    'createdAt',
  ],
  properties: {
    id: { type: 'string' },
    templateId: { type: 'string' },
    version: { type: 'integer' },
    status: { type: 'string', enum: ['pending_approval', 'approved', 'rejected', 'superseded'] },
    signerRoles: { type: 'array', items: { type: 'string' } },
    signFields: { type: 'array', items: TEMPLATE_SIGN_FIELD_SCHEMA },
    missing: {
      type: 'string',
      enum: ['error', 'empty'],
      description: 'a missing value in contract data: refused, or shown empty with a warning',
    },
    fieldCount: { type: 'integer' },
    createdBy: { type: 'string' },
    reviewerId: { type: ['string', 'null'] },
    reviewReason: { type: ['string', 'null'] },
    reviewedAt: { type: ['integer', 'null'] },
    createdAt: { type: 'integer' },
  },
} as const;

const TEMPLATE_BASE = {
  id: { type: 'string' },
  name: { type: 'string' },
  groupId: { type: ['string', 'null'] },
  activeVersionId: { type: ['string', 'null'] },
  createdAt: { type: 'integer' },
  updatedAt: { type: 'integer' },
} as const;
const TEMPLATE_BASE_REQUIRED = [
  'id',
  'name',
  'groupId',
  'activeVersionId',
  'createdAt',
  'updatedAt',
] as const;

/** A template in lists (without its versions). */
export const TEMPLATE_SUMMARY_SCHEMA = {
  type: 'object',
  required: TEMPLATE_BASE_REQUIRED,
  properties: TEMPLATE_BASE,
} as const;

/** One template with its versions; signerRoles/signFields are those of the active (else latest) one. */
export const TEMPLATE_SCHEMA = {
  type: 'object',
  required: [...TEMPLATE_BASE_REQUIRED, 'versions', 'activeVersion', 'signerRoles', 'signFields'],
  properties: {
    ...TEMPLATE_BASE,
    versions: { type: 'array', items: TEMPLATE_VERSION_SCHEMA },
    activeVersion: { anyOf: [TEMPLATE_VERSION_SCHEMA, { type: 'null' }] },
    signerRoles: { type: 'array', items: { type: 'string' } },
    signFields: { type: 'array', items: TEMPLATE_SIGN_FIELD_SCHEMA },
  },
} as const;

/** An item of the legal review queue (admin GET /template-versions/pending). */
export const PENDING_VERSION_SCHEMA = {
  type: 'object',
  required: ['version', 'template', 'businessLineId'],
  properties: {
    version: TEMPLATE_VERSION_SCHEMA,
    template: TEMPLATE_SUMMARY_SCHEMA,
    businessLineId: { type: 'string' },
  },
} as const;

/** A template group (模板分组); groups nest through parentId. */
export const TEMPLATE_GROUP_SCHEMA = {
  type: 'object',
  required: ['id', 'name', 'parentId', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    parentId: { type: ['string', 'null'] },
    createdAt: { type: 'integer' },
    updatedAt: { type: 'integer' },
  },
} as const;

const FIELD_SPEC_ID = 'urn:hetong:wire:field-spec';

/**
 * One field of a template's analysis (src/render/tags/fields.ts FieldSpec): a loop's or a
 * condition's inner fields nest through `fields`, to any depth. A recursive schema (a `$ref` to its
 * own `$id`), not a hand type checked against a flat schema: FromSchema follows the reference, so
 * FieldSpecWire is the schema's own recursive type. By `$id` rather than `#`: fast-json-stringify
 * resolves `#` against the route's whole answer. In the OpenAPI document it is an embedded
 * resource (JSON Schema 2020-12 §8.2.1), so only one documented route may carry it.
 */
export const FIELD_SPEC_SCHEMA = {
  $id: FIELD_SPEC_ID,
  type: 'object',
  required: ['name', 'path', 'kind', 'where'],
  properties: {
    name: { type: 'string', description: 'the tag expression as written: "partyA.name", "items", "."' },
    path: { type: 'array', items: { type: 'string' } },
    kind: { type: 'string', enum: ['text', 'loop', 'condition', 'image', 'html'] },
    where: {
      type: 'array',
      items: { type: 'string' },
      description: 'the first places it is used ("body paragraph 3", "table 1 row 2 cell 1")',
    },
    fields: {
      type: 'array',
      items: { $ref: FIELD_SPEC_ID },
      description: "a loop's or a condition's inner fields",
    },
  },
} as const;

/** GET /templates/{id}/fields: the field analysis of a version and its compile warnings. */
export const TEMPLATE_FIELDS_SCHEMA = {
  type: 'object',
  required: ['versionId', 'fields', 'warnings'],
  properties: {
    versionId: { type: 'string' },
    fields: { type: 'array', items: FIELD_SPEC_SCHEMA },
    warnings: {
      type: 'array',
      description: 'what the compiler could not render as Word does',
      items: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string', description: 'stable, e.g. UNSUPPORTED_TEXTBOX, FONT_MAPPED' },
          message: { type: 'string' },
          where: { type: 'string' },
        },
      },
    },
  },
} as const;

export type FieldSpecWire = FromSchema<typeof FIELD_SPEC_SCHEMA>;
export type TemplateFieldsWire = FromSchema<typeof TEMPLATE_FIELDS_SCHEMA>;
export type RenderWarningWire = TemplateFieldsWire['warnings'][number];
export type TemplateSignFieldWire = FromSchema<typeof TEMPLATE_SIGN_FIELD_SCHEMA>;
export type TemplateVersionWire = FromSchema<typeof TEMPLATE_VERSION_SCHEMA>;
export type TemplateVersionStatusWire = TemplateVersionWire['status'];
export type TemplateSummaryWire = FromSchema<typeof TEMPLATE_SUMMARY_SCHEMA>;
export type TemplateWire = FromSchema<typeof TEMPLATE_SCHEMA>;
export type PendingVersionWire = FromSchema<typeof PENDING_VERSION_SCHEMA>;
export type TemplateGroupWire = FromSchema<typeof TEMPLATE_GROUP_SCHEMA>;

const GROUP_NAME = { type: 'string', minLength: 1, maxLength: 200 } as const;

/** POST /template-groups */
export const CREATE_TEMPLATE_GROUP_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: GROUP_NAME, parentId: { type: ['string', 'null'] } },
} as const;

/** PATCH /template-groups/{id}: rename and/or move under another group (null: top level). */
export const TEMPLATE_GROUP_CHANGE_BODY = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { name: GROUP_NAME, parentId: { type: ['string', 'null'], maxLength: 64 } },
} as const;

/** POST /templates/{id}/move (null: no group). */
export const MOVE_TEMPLATE_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['groupId'],
  properties: { groupId: { type: ['string', 'null'], maxLength: 64 } },
} as const;

export type CreateTemplateGroupBody = FromSchema<typeof CREATE_TEMPLATE_GROUP_BODY>;
export type TemplateGroupChangeBody = FromSchema<typeof TEMPLATE_GROUP_CHANGE_BODY>;
export type MoveTemplateBody = FromSchema<typeof MOVE_TEMPLATE_BODY>;
export type KeywordBoxesWire = FromSchema<typeof KEYWORD_BOXES_SCHEMA>;
export type PreviewPagesWire = FromSchema<typeof PREVIEW_PAGES_SCHEMA>;

const PREVIEW_MODE = { type: 'string', enum: ['sample', 'tags'] } as const;
const VERSION_ID = { type: 'string', maxLength: 64 } as const;

/** GET /templates: filters and a page. */
export const TEMPLATE_LIST_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...PAGE_QUERY,
    groupId: { type: 'string', maxLength: 64 },
    status: { type: 'string', enum: ['active', 'pending_approval'] },
    name: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;

/** GET /templates/{id}/preview.png: a page (from 1) of a version, with sample data or the tag names. */
export const TEMPLATE_PREVIEW_PNG_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: { ...PREVIEW_PNG_QUERY.properties, mode: PREVIEW_MODE, versionId: VERSION_ID },
} as const;

/** GET /templates/{id}/preview.html */
export const TEMPLATE_PREVIEW_HTML_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    mode: PREVIEW_MODE,
    theme: DOCUMENT_PREVIEW_HTML_QUERY.properties.theme,
    versionId: VERSION_ID,
  },
} as const;

/** As the routes read them (strings) and as a caller may send them (numbers or digits). */
export type TemplateListQueryWire = FromSchema<typeof TEMPLATE_LIST_QUERY>;
export type TemplateListQuery = QueryOf<typeof TEMPLATE_LIST_QUERY>;
export type TemplatePreviewPngQueryWire = FromSchema<typeof TEMPLATE_PREVIEW_PNG_QUERY>;
export type TemplatePreviewPngQuery = QueryOf<typeof TEMPLATE_PREVIEW_PNG_QUERY>;
export type TemplatePreviewHtmlQuery = FromSchema<typeof TEMPLATE_PREVIEW_HTML_QUERY>;
