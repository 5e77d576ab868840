import { createHash, randomBytes } from 'node:crypto';
import type { AuditTrail } from '../evidence/audit.js';
import { HetongError } from '../shared/errors.js';
import { newId } from '../store/ids.js';
import {
  accountView,
  ADMIN_ROLES,
  type AdminAccount,
  type AdminAccountRepository,
  type AdminRole,
} from '../store/repositories/admin-accounts.js';
import type { ActorContext } from '../tenancy/context.js';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.js';
import type { LoginThrottle } from './throttle.js';

export const SESSION_TTL_MS = 12 * 3_600_000;

export interface LoginResult {
  account: AdminAccount;
  /** Goes into the HttpOnly session cookie; only its SHA-256 is stored. */
  sessionToken: string;
  /** Double-submit CSRF token: a readable cookie and the X-CSRF-Token header must both carry it. */
  csrfToken: string;
  expiresAt: number;
}

export interface AuthenticatedSession {
  account: AdminAccount;
  sessionId: string;
  csrfToken: string;
}

const USERNAME = /^[A-Za-z0-9._@-]{3,64}$/;

export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Admin accounts (roles admin / operator / legal), password login and sessions. */
export class AdminService {
  constructor(
    private readonly repo: AdminAccountRepository,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditTrail,
    private readonly now: () => number = Date.now,
  ) {}

  async createAccount(
    input: { username: string; password: string; role: AdminRole },
    ctx: ActorContext,
  ): Promise<AdminAccount> {
    if (!USERNAME.test(input.username))
      throw new HetongError('VALIDATION_FAILED', 400, 'username: 3–64 of letters, digits and . _ @ -');
    if (input.password.length < 10)
      throw new HetongError('VALIDATION_FAILED', 400, 'password: at least 10 characters');
    if (!ADMIN_ROLES.includes(input.role)) throw new HetongError('VALIDATION_FAILED', 400, 'unknown role');
    if (await this.repo.byUsername(input.username))
      throw new HetongError('ACCOUNT_EXISTS', 409, 'an account with this username exists');
    const now = this.now();
    const account = {
      id: newId('adm'),
      username: input.username,
      role: input.role,
      status: 'active' as const,
      passwordHash: await hashPassword(input.password),
      createdAt: now,
      updatedAt: now,
    };
    await this.repo.insert(account);
    await this.audit.record({
      ...ctx,
      action: 'admin_account.created',
      target: account.id,
      details: { username: account.username, role: account.role },
    });
    return accountView(account);
  }

  list(): Promise<AdminAccount[]> {
    return this.repo.list();
  }

  count(): Promise<number> {
    return this.repo.count();
  }

  async update(
    id: string,
    changes: { role?: AdminRole; status?: 'active' | 'disabled'; password?: string },
    ctx: ActorContext,
  ): Promise<AdminAccount> {
    const existing = await this.repo.byId(id);
    if (!existing) throw new HetongError('ACCOUNT_NOT_FOUND', 404, 'no such admin account');
    if (changes.password !== undefined && changes.password.length < 10)
      throw new HetongError('VALIDATION_FAILED', 400, 'password: at least 10 characters');
    await this.repo.update(
      id,
      {
        ...(changes.role ? { role: changes.role } : {}),
        ...(changes.status ? { status: changes.status } : {}),
        ...(changes.password ? { passwordHash: await hashPassword(changes.password) } : {}),
      },
      this.now(),
    );
    // A disabled account, new role or new password ends every open session.
    await this.repo.deleteSessionsOf(id);
    await this.audit.record({
      ...ctx,
      action: 'admin_account.updated',
      target: id,
      details: {
        role: changes.role,
        status: changes.status,
        passwordChanged: changes.password !== undefined,
      },
    });
    return accountView((await this.repo.byId(id))!);
  }

  async login(username: string, password: string, ctx: ActorContext & { ip: string }): Promise<LoginResult> {
    const now = this.now();
    // Counted before the (slow) password check, so parallel guesses cannot slip past the limit.
    const counts = await this.throttle.attempt(username, ctx.ip, now);
    const account = await this.repo.byUsername(username);
    const ok = await verifyPassword(password, account?.passwordHash ?? DUMMY_HASH);
    if (!account || !ok || account.status !== 'active') {
      await this.throttle.failed(username, ctx.ip, now, counts);
      await this.audit.record({
        ...ctx,
        action: 'admin.login_failed',
        target: account?.id ?? `username:${username}`,
      });
      throw new HetongError('AUTH_LOGIN_FAILED', 401, 'wrong username or password');
    }
    await this.throttle.succeeded(username, ctx.ip);
    const sessionToken = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = now + SESSION_TTL_MS;
    await this.repo.insertSession({
      id: sessionIdOf(sessionToken),
      accountId: account.id,
      csrfToken,
      createdAt: now,
      expiresAt,
    });
    await this.audit.record({
      ...ctx,
      actor: `admin:${account.id}`,
      action: 'admin.login',
      target: account.id,
    });
    return { account: accountView(account), sessionToken, csrfToken, expiresAt };
  }

  /** The session behind a cookie token, or undefined when absent, expired or the account is disabled. */
  async session(token: string): Promise<AuthenticatedSession | undefined> {
    const s = await this.repo.session(sessionIdOf(token), this.now());
    if (!s) return undefined;
    const account = await this.repo.byId(s.accountId);
    if (!account || account.status !== 'active') return undefined;
    return { account: accountView(account), sessionId: s.id, csrfToken: s.csrfToken };
  }

  async logout(sessionId: string, ctx: ActorContext): Promise<void> {
    await this.repo.deleteSession(sessionId);
    await this.audit.record({ ...ctx, action: 'admin.logout', target: ctx.actor.replace(/^admin:/, '') });
  }
}
