import type { Db } from '../database.js';
import type { AdminAccountsTable } from '../schema.js';

export type AdminRole = 'admin' | 'operator' | 'legal';
export const ADMIN_ROLES: readonly AdminRole[] = ['admin', 'operator', 'legal'];

export interface AdminAccount {
  id: string;
  username: string;
  role: AdminRole;
  status: 'active' | 'disabled';
  createdAt: number;
  updatedAt: number;
}

export interface AdminAccountWithHash extends AdminAccount {
  passwordHash: string;
}

export interface AdminSession {
  id: string;
  accountId: string;
  csrfToken: string;
  createdAt: number;
  expiresAt: number;
}

function toDomain(r: AdminAccountsTable): AdminAccountWithHash {
  return {
    id: r.id,
    username: r.username,
    role: r.role,
    status: r.status,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    passwordHash: r.password_hash,
  };
}

export function accountView(a: AdminAccountWithHash): AdminAccount {
  const { passwordHash: _hash, ...rest } = a;
  return rest;
}

export class AdminAccountRepository {
  constructor(private readonly db: Db) {}

  async insert(a: AdminAccountWithHash): Promise<void> {
    await this.db
      .insertInto('admin_accounts')
      .values({
        id: a.id,
        username: a.username,
        role: a.role,
        password_hash: a.passwordHash,
        status: a.status,
        created_at: a.createdAt,
        updated_at: a.updatedAt,
      })
      .execute();
  }

  async byUsername(username: string): Promise<AdminAccountWithHash | undefined> {
    const r = await this.db
      .selectFrom('admin_accounts')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst();
    return r && toDomain(r);
  }

  async byId(id: string): Promise<AdminAccountWithHash | undefined> {
    const r = await this.db.selectFrom('admin_accounts').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toDomain(r);
  }

  async list(): Promise<AdminAccount[]> {
    const rows = await this.db
      .selectFrom('admin_accounts')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => accountView(toDomain(r)));
  }

  async count(): Promise<number> {
    const r = await this.db
      .selectFrom('admin_accounts')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async update(
    id: string,
    changes: { role?: AdminRole; status?: 'active' | 'disabled'; passwordHash?: string },
    now: number,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('admin_accounts')
      .set({
        updated_at: now,
        ...(changes.role ? { role: changes.role } : {}),
        ...(changes.status ? { status: changes.status } : {}),
        ...(changes.passwordHash ? { password_hash: changes.passwordHash } : {}),
      })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async insertSession(s: AdminSession): Promise<void> {
    await this.db
      .insertInto('admin_sessions')
      .values({
        id: s.id,
        account_id: s.accountId,
        csrf_token: s.csrfToken,
        created_at: s.createdAt,
        expires_at: s.expiresAt,
      })
      .execute();
  }

  async session(id: string, now: number): Promise<AdminSession | undefined> {
    const r = await this.db
      .selectFrom('admin_sessions')
      .selectAll()
      .where('id', '=', id)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return (
      r && {
        id: r.id,
        accountId: r.account_id,
        csrfToken: r.csrf_token,
        createdAt: r.created_at,
        expiresAt: r.expires_at,
      }
    );
  }

  async deleteSession(id: string): Promise<void> {
    await this.db.deleteFrom('admin_sessions').where('id', '=', id).execute();
  }

  async deleteSessionsOf(accountId: string): Promise<void> {
    await this.db.deleteFrom('admin_sessions').where('account_id', '=', accountId).execute();
  }

  async sweepSessions(now: number): Promise<number> {
    const r = await this.db.deleteFrom('admin_sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
