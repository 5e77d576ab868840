/**
 * What the page asks the server for before React starts. main.tsx imports this module first, so its
 * body runs before the modules of React and antd-mobile are evaluated: on a cheap phone that is
 * most of a second in which the session and the first page image are already on their way
 * (`npm run bench -- pages` prints where the time goes).
 *
 * The first page is fetched only where the page it will be shown in is known before layout: a
 * single contract with something left to do, in the phone layout (full-width pages, so its width is
 * the viewport's), with the session's cookie. An embedded page's bearer token, the PC layout and a
 * combined link leave it to the pages themselves.
 */
import { api, pageUrl, usesBearer, type SessionView } from './api';
import { imageWidth } from './page-width';
import { pickLayout, takeToken } from './theme';

/**
 * The width of the first page image in the phone layout (full-width pages), where the viewport
 * already says it will be the phone layout; the server starts drawing it when the link opens
 * (unless the link asks for the PC layout).
 */
function phoneFirstPageWidth(): number | undefined {
  const css = document.documentElement.clientWidth;
  return pickLayout('all', css) === 'h5' ? imageWidth(css, window.devicePixelRatio) : undefined;
}

/** The link's token (taken out of the address bar), or null when the tab already has a session. */
const token = takeToken();
const firstSession: Promise<SessionView> = token ? api.open(token, phoneFirstPageWidth()) : api.session();
const images = new Map<string, Promise<string>>();

/**
 * The session this tab was opened with. Its first call only: a retry asks again (`undefined`).
 * (Consumed once, so that a retry after a network error does not get the same failure back.)
 */
let pending: Promise<SessionView> | undefined = firstSession;
export function takeFirstSession(): { token: string | null; session: Promise<SessionView> | undefined } {
  const session = pending;
  pending = undefined;
  return { token, session };
}

/** The first page image fetched early, as a blob: URL, when `url` is the one fetched. */
export function preloadedImage(url: string): Promise<string> | undefined {
  return images.get(url);
}

function preloadFirstPage(view: SessionView): void {
  const contract = view.contracts[0];
  const doc = contract?.documents[0];
  if (view.contracts.length !== 1 || !contract || !doc || doc.pages < 1) return;
  if (contract.todo.length === 0 || usesBearer() || pickLayout(view.client) !== 'h5') return;
  const url = pageUrl(doc, 1, imageWidth(document.documentElement.clientWidth, window.devicePixelRatio));
  const blob = fetch(url, { credentials: 'same-origin' }).then(async (res) => {
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return URL.createObjectURL(await res.blob());
  });
  // A failure here is not reported: the <img> then asks for the page itself.
  blob.catch(() => images.delete(url));
  images.set(url, blob);
}

firstSession.then(preloadFirstPage, () => {
  // The app reports the failure when it takes the session.
});
