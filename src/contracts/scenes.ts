/**
 * Signing scenes (签约场景): per business line, what the signing page of a link looks like and
 * allows — theme colour and logo, whether a signer may reject, forced reading added to every
 * signer's own, the intent checks it offers, the click-wrap agreement text, whether real-name
 * verification is required before signing, the success text or a redirect (with its delay).
 */
import type { AuditTrail } from '../evidence/audit.js';
import { HetongError } from '../shared/errors.js';
import type { Db } from '../store/database.js';
import { newId } from '../store/ids.js';
import { SceneRepository, type SceneRow } from '../store/repositories/scenes.js';
import type { ActorContext } from '../tenancy/context.js';

export interface SceneSettings {
  themeColor?: string;
  logoUrl?: string;
  allowReject?: boolean;
  forcedReading?: { seconds?: number; toLastPage?: boolean };
  /** Origins that may frame the page of a headless link of this scene (CSP frame-ancestors). */
  embedOrigins?: string[];
  /** The intent checks the page offers, in this order (of those the signers accept). */
  intentMethods?: ('sms' | 'email')[];
  clickwrapText?: string;
  /**
   * Signing needs a verified, unexpired real-name record (实名认证) of the signer's subject under
   * its name; until then signing is refused with REAL_NAME_REQUIRED (403).
   */
  requireRealName?: boolean;
  successText?: string;
  redirectUrl?: string;
  redirectDelaySeconds?: number;
}

export interface SceneView {
  id: string;
  name: string;
  settings: Required<Pick<SceneSettings, 'allowReject' | 'clickwrapText'>> & SceneSettings;
  createdAt: number;
  updatedAt: number;
}

export const DEFAULT_CLICKWRAP_TEXT =
  '我已阅读并同意上述合同的全部条款，同意以点击确认的方式签署本合同，其效力等同于手写签名。';

/** The scene a link without one uses. */
export const DEFAULT_SCENE: SceneView = {
  id: 'default',
  name: '默认场景',
  settings: { allowReject: true, clickwrapText: DEFAULT_CLICKWRAP_TEXT },
  createdAt: 0,
  updatedAt: 0,
};

const view = (r: SceneRow): SceneView => {
  const s = r.settings as SceneSettings;
  return {
    id: r.id,
    name: r.name,
    settings: {
      ...s,
      allowReject: s.allowReject ?? true,
      clickwrapText: s.clickwrapText ?? DEFAULT_CLICKWRAP_TEXT,
    },
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
};

export class SceneService {
  readonly #repo: SceneRepository;

  constructor(private readonly deps: { db: Db; audit: AuditTrail; now?: () => number }) {
    this.#repo = new SceneRepository(deps.db);
  }

  async create(
    lineId: string,
    input: { name: string; settings: SceneSettings },
    actor: ActorContext,
  ): Promise<SceneView> {
    const now = (this.deps.now ?? Date.now)();
    const row: SceneRow = {
      id: newId('scn'),
      businessLineId: lineId,
      name: input.name,
      settings: { ...input.settings },
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.db.transaction().execute(async (trx) => {
      await new SceneRepository(trx).insert(row);
      await this.deps.audit.recordBy(trx, actor, lineId, 'scene.created', row.id, { name: row.name });
    });
    return view(row);
  }

  async update(
    lineId: string,
    id: string,
    input: { name?: string; settings?: SceneSettings },
    actor: ActorContext,
  ): Promise<SceneView> {
    const old = await this.#row(lineId, id);
    const row: SceneRow = {
      ...old,
      name: input.name ?? old.name,
      settings: input.settings ? { ...input.settings } : old.settings,
      updatedAt: (this.deps.now ?? Date.now)(),
    };
    await this.deps.db.transaction().execute(async (trx) => {
      await new SceneRepository(trx).update(row);
      await this.deps.audit.recordBy(trx, actor, lineId, 'scene.updated', id, { name: row.name });
    });
    return view(row);
  }

  async #row(lineId: string, id: string): Promise<SceneRow> {
    const r = await this.#repo.get(lineId, id);
    if (!r) throw new HetongError('SCENE_NOT_FOUND', 404, 'no such scene', { sceneId: id });
    return r;
  }

  async get(lineId: string, id: string): Promise<SceneView> {
    return view(await this.#row(lineId, id));
  }

  /** The scene of a link: its own, or the default one. */
  async forLink(lineId: string, id: string | null): Promise<SceneView> {
    if (!id) return DEFAULT_SCENE;
    const r = await this.#repo.get(lineId, id);
    return r ? view(r) : DEFAULT_SCENE;
  }

  async list(lineId: string): Promise<SceneView[]> {
    return (await this.#repo.list(lineId)).map(view);
  }
}
