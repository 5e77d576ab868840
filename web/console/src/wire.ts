/**
 * One wire contract: the types of the API's answers as the server's JSON schemas describe them
 * (src/http/wire, src/http/schemas-contracts.ts), imported as types only — nothing of the server
 * reaches the bundle. `npm run typecheck` (tsc over web/console) fails when an answer's shape
 * changes in a way a page relies on.
 */
export type {
  CertificateSummaryWire as CertSummary,
  ChangedRegionWire as ChangedRegion,
  SignatureReportWire as SignatureReport,
  VerificationReportWire as VerificationReport,
} from '../../../src/http/wire/verify';
export type {
  FieldSpecWire as FieldSpec,
  KeywordBoxesWire as KeywordBoxes,
  PreviewPagesWire as PreviewPages,
  RenderWarningWire as RenderWarning,
  TemplateFieldsWire as FieldAnalysis,
  TemplateGroupWire as TemplateGroup,
  TemplateSignFieldWire as SignField,
  TemplateSummaryWire as TemplateSummary,
  TemplateVersionStatusWire as VersionStatus,
  TemplateVersionWire as TemplateVersion,
  TemplateWire as Template,
} from '../../../src/http/wire/templates';

export type {
  ContractDocumentWire as ContractDocument,
  ContractGroupWire as ContractGroup,
  ContractSignerWire as ContractSigner,
  ContractStatusWire as ContractStatus,
  ContractDetailWire as Contract,
  ContractWire as ContractSummary,
  SignerStatusWire as SignerStatus,
  SignLinkWire as SignLink,
  ListWire as Page,
} from '../../../src/http/wire/contracts';
export type { SealSubjectWire as SealSubject, SealWire as Seal } from '../../../src/http/wire/seals';
export type {
  RegisteredWebhookWire as RegisteredWebhook,
  WebhookAttemptWire as WebhookAttempt,
  WebhookDeliveryWire as WebhookDelivery,
  WebhookEndpointWire as WebhookEndpoint,
} from '../../../src/http/wire/webhooks';
export type { RemindResultsWire as RemindResults } from '../../../src/http/wire/sign-flows';
export type { SceneSettingsWire as SceneSettings, SceneWire as Scene } from '../../../src/http/wire/scenes';
export type {
  AdminAccountWire as Account,
  AdminRoleWire as Role,
  AuditEventWire as AuditEvent,
  BusinessLineWire as BusinessLine,
} from '../../../src/http/wire/admin';
export type { AuthorizationWire as Authorization } from '../../../src/http/wire/authorizations';
export type { CertificateWire as Certificate } from '../../../src/http/wire/certificates';
export type { DelegatorWire as Delegator } from '../../../src/http/wire/delegators';
export type {
  DictionaryItemWire as DictionaryItem,
  DictionaryWire as Dictionary,
} from '../../../src/http/wire/dictionaries';
export type {
  RealNameStatusWire as RealNameStatus,
  RealNameWire as RealNameRecord,
} from '../../../src/http/wire/real-name';
