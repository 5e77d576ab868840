/**
 * A business line's dictionaries: its own lists over the platform's built-in ones. Saving a list
 * under a built-in code replaces the built-in list for that line; deleting it brings the built-in
 * one back. Every change is an audit event (and so in the evidence log).
 */
import type { AuditTrail } from '../evidence/audit.js';
import { HetongError } from '../shared/errors.js';
import type { Db } from '../store/database.js';
import { DictionaryRepository } from '../store/repositories/dictionaries.js';
import type { ActorContext } from './context.js';
import {
  BUILTIN_DICTIONARIES,
  checkDictionary,
  checkDictionaryCode,
  mergeDictionaries,
  type Dictionary,
  type DictionaryInput,
} from './dictionaries.js';

export class DictionaryService {
  readonly #repo: DictionaryRepository;

  constructor(private readonly deps: { db: Db; audit: AuditTrail; now?: () => number }) {
    this.#repo = new DictionaryRepository(deps.db);
  }

  async list(lineId: string): Promise<Dictionary[]> {
    return mergeDictionaries(await this.#repo.list(lineId));
  }

  async get(lineId: string, code: string): Promise<Dictionary> {
    checkDictionaryCode(code);
    const found = (await this.#repo.get(lineId, code)) ?? BUILTIN_DICTIONARIES.find((d) => d.code === code);
    if (!found) throw new HetongError('DICTIONARY_NOT_FOUND', 404, `no dictionary ${code}`);
    return found;
  }

  async save(lineId: string, code: string, input: DictionaryInput, actor: ActorContext): Promise<Dictionary> {
    checkDictionaryCode(code);
    const d = checkDictionary(input);
    const now = (this.deps.now ?? Date.now)();
    await this.deps.db.transaction().execute(async (trx) => {
      await new DictionaryRepository(trx).put(lineId, { code, ...d }, actor.actor, now);
      await this.deps.audit.recordBy(trx, actor, lineId, 'dictionary.saved', code, {
        name: d.name,
        values: d.items.map((i) => i.value),
      });
    });
    return { code, ...d, builtin: false, updatedAt: now };
  }

  /** Deletes the line's list; a built-in list of that code shows again. */
  async delete(lineId: string, code: string, actor: ActorContext): Promise<void> {
    checkDictionaryCode(code);
    await this.deps.db.transaction().execute(async (trx) => {
      if (!(await new DictionaryRepository(trx).delete(lineId, code)))
        throw new HetongError(
          'DICTIONARY_NOT_FOUND',
          404,
          BUILTIN_DICTIONARIES.some((d) => d.code === code)
            ? `${code} is built in: save a list under its code to replace it`
            : `no dictionary ${code}`,
        );
      await this.deps.audit.recordBy(trx, actor, lineId, 'dictionary.deleted', code, {});
    });
  }
}
