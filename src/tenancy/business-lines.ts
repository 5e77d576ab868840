import { randomBytes } from 'node:crypto';
import type { AuditTrail } from '../evidence/audit.js';
import type { MasterKey } from '../pki/master-key.js';
import { HetongError } from '../shared/errors.js';
import { newId } from '../store/ids.js';
import {
  publicView,
  type BusinessLine,
  type BusinessLineCredentials,
  type BusinessLineRepository,
} from '../store/repositories/business-lines.js';
import type { ActorContext } from './context.js';

export interface IssuedCredentials {
  businessLine: BusinessLine;
  appId: string;
  /** Shown once; only its sealed form is stored. */
  appSecret: string;
}

/** The aad binding a sealed secret to its app id, so it cannot be copied onto another row. */
export const appSecretAad = (appId: string) => `app-secret:${appId}`;

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Business lines (业务线): tenants with their API credentials. */
export class BusinessLineService {
  constructor(
    private readonly repo: BusinessLineRepository,
    private readonly masterKey: MasterKey,
    private readonly audit: AuditTrail,
    private readonly now: () => number = Date.now,
  ) {}

  async create(
    input: { name: string; autoApprove?: boolean; settings?: Record<string, unknown> },
    ctx: ActorContext,
  ): Promise<IssuedCredentials> {
    const name = input.name.trim();
    if (!name || name.length > 200)
      throw new HetongError('VALIDATION_FAILED', 400, 'a business line needs a name of 1–200 characters');
    const now = this.now();
    const appId = newId('app');
    const appSecret = newSecret();
    const line: BusinessLineCredentials = {
      id: newId('bl'),
      appId,
      name,
      status: 'active',
      autoApprove: input.autoApprove ?? false,
      settings: input.settings ?? {},
      createdAt: now,
      updatedAt: now,
      secretSealed: this.masterKey.seal(appSecret, appSecretAad(appId)),
    };
    await this.repo.insert(line);
    await this.audit.record({
      ...ctx,
      action: 'business_line.created',
      target: line.id,
      businessLineId: line.id,
      details: { appId, name, autoApprove: line.autoApprove },
    });
    return { businessLine: publicView(line), appId, appSecret };
  }

  list(): Promise<BusinessLine[]> {
    return this.repo.list();
  }

  async get(appId: string): Promise<BusinessLine> {
    const line = await this.repo.byAppId(appId);
    if (!line) throw notFound(appId);
    return publicView(line);
  }

  async setStatus(appId: string, status: 'active' | 'disabled', ctx: ActorContext): Promise<BusinessLine> {
    const line = await this.repo.byAppId(appId);
    if (!line) throw notFound(appId);
    await this.repo.update(appId, { status }, this.now());
    await this.audit.record({
      ...ctx,
      action: status === 'disabled' ? 'business_line.disabled' : 'business_line.enabled',
      target: line.id,
      businessLineId: line.id,
    });
    return this.get(appId);
  }

  /** Issues a new secret; the old one stops working at once. */
  async rotateSecret(appId: string, ctx: ActorContext): Promise<IssuedCredentials> {
    const line = await this.repo.byAppId(appId);
    if (!line) throw notFound(appId);
    const appSecret = newSecret();
    await this.repo.update(
      appId,
      { secretSealed: this.masterKey.seal(appSecret, appSecretAad(appId)) },
      this.now(),
    );
    await this.audit.record({
      ...ctx,
      action: 'business_line.secret_rotated',
      target: line.id,
      businessLineId: line.id,
    });
    return { businessLine: await this.get(appId), appId, appSecret };
  }

  /** The clear app secret of a line, for request verification only. */
  openSecret(line: BusinessLineCredentials): string {
    return this.masterKey.open(line.secretSealed, appSecretAad(line.appId)).toString('utf8');
  }
}

function notFound(appId: string): HetongError {
  return new HetongError('BUSINESS_LINE_NOT_FOUND', 404, 'no such business line', { appId });
}
