/**
 * Talking to the page that embeds a headless link (mode=headless, in an iframe): `postMessage`
 * events `{ type, contractId, … }` to `window.parent`, in the order they happen:
 *
 *   hetong:ready      the session is open and the contract shown          { contractId, contractIds }
 *   hetong:read       forced reading is done (or there was none)          { contractId }
 *   hetong:signed     this signer signed the contract                     { contractId, signerId, contractStatus }
 *   hetong:completed  every party has signed: the contract is completed   { contractId }
 *   hetong:rejected   this signer refused to sign                         { contractId, reason }
 *   hetong:error      something the signer cannot get past here           { contractId, code, message }
 *
 * The target origin is never '*': the parent may have navigated away to a page of anyone since it
 * framed us. It is the parent's origin (Chromium and Safari name it in `location.ancestorOrigins`,
 * Firefox only in `document.referrer`) when the link's scene allows it (`embedOrigins`, asked from
 * the server by the link id in the page's URL — the same list the CSP's frame-ancestors enforces);
 * with no such hint and a single allowed origin, that one. Otherwise nothing is posted.
 */
import { api } from './api';
import { pickTarget } from './embed-target';

export type EmbedEvent =
  | { type: 'hetong:ready'; contractId: string; contractIds: string[] }
  | { type: 'hetong:read'; contractId: string }
  | { type: 'hetong:signed'; contractId: string; signerId: string; contractStatus: string }
  | { type: 'hetong:completed'; contractId: string }
  | { type: 'hetong:rejected'; contractId: string; reason: string }
  | { type: 'hetong:error'; contractId: string | null; code: string; message: string };

/** The link id of a headless link's URL (`/sign/?l=<id>#token=…`). */
const linkId = new URLSearchParams(location.search).get('l');

/** Whether this page is a headless link's page inside a frame. */
export const embedded = linkId !== null && window.parent !== window;

function originOf(url: string): string | null {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
}

let target: Promise<string | null> | null = null;

function resolveTarget(): Promise<string | null> {
  target ??= api.embedOrigins(linkId!).then(
    (allowed) => {
      const found = pickTarget(allowed, [location.ancestorOrigins?.[0], originOf(document.referrer)]);
      if (!found) console.warn('hetong: the embedding page is not among the scene’s embedOrigins');
      return found;
    },
    () => null,
  );
  return target;
}

/** Posts an event to the embedding page; events keep their order (one promise chain). */
export function emit(event: EmbedEvent): void {
  if (!embedded) return;
  void resolveTarget().then((origin) => {
    if (origin) window.parent.postMessage(event, origin);
  });
}
