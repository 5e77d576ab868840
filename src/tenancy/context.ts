/** Who is acting, for the audit trail: carried from the HTTP edge (or the CLI) into services. */
export interface ActorContext {
  /** `admin:<accountId>`, `app:<appId>`, `cli`, `system`. */
  actor: string;
  requestId?: string | null;
  ip?: string | null;
}

export const CLI_ACTOR: ActorContext = { actor: 'cli' };
export const SYSTEM_ACTOR: ActorContext = { actor: 'system' };
