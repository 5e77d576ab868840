/** The sign-flow services the HTTP edge uses, built together by the composition root. */
import type { AuthorizationService } from '../authorizations.js';
import type { AutoSigner } from '../auto-sign.js';
import type { LinkService } from '../links.js';
import type { Reminders } from '../reminders.js';
import type { SignerMessages } from '../signer-messages.js';
import type { SceneService } from '../scenes.js';
import type { SigningSessionService } from '../session.js';
import type { SignFlowService } from './service.js';

export interface SignFlows {
  flows: SignFlowService;
  links: LinkService;
  sessions: SigningSessionService;
  scenes: SceneService;
  authorizations: AuthorizationService;
  autoSigner: AutoSigner;
  reminders: Reminders;
  /** Invitations when a signer's turn comes and word of completion (queued jobs). */
  messages: SignerMessages;
}
