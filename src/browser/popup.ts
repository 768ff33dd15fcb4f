import { LoginError } from '../contract/errors.js';
import type { LoginFeature } from '../contract/features.js';
import { parseUrl } from '../shared/urls.js';
import type { LoginEnvironment } from './environment.js';

/** The window name that marks our popup, so its page knows to hand the response back instead of using it. @internal */
export const POPUP_NAME = 'telnyx-login-popup';
/** The type of the message our popup's callback page posts to its opener. @internal */
export const MESSAGE_TYPE = 'telnyx-login:callback';
const POLL_MS = 300;
const CLOSE_GRACE_MS = 1000;
// A person may take a while on the consent page, but not forever.
const MAX_WAIT_MS = 15 * 60_000;

/**
 * Opens the popup at once: browsers only allow it synchronously inside the click that asked for it.
 * @throws {LoginError} `popup_blocked`.
 * @internal
 */
export function openPopup(env: LoginEnvironment): Window {
  const popup = env.openWindow(POPUP_NAME, 'popup,width=520,height=720');
  if (!popup) throw new LoginError('popup_blocked', 'The browser blocked the sign-in popup; call signIn from a click');
  return popup;
}

/**
 * For the callback page loaded in our popup: hands the authorization response to the opener (same
 * origin only) and closes. Returns false on any other page, which then handles its callback itself.
 *
 * @example
 * // callback.html, when it does not load the whole app:
 * import { completePopupSignIn } from 'telnyx-login';
 * completePopupSignIn();
 */
export function completePopupSignIn(): boolean {
  const opener = window.opener as Window | null;
  if (!opener || window.name !== POPUP_NAME) return false;
  opener.postMessage({ type: MESSAGE_TYPE, url: window.location.href }, window.location.origin);
  window.close();
  return true;
}

/**
 * Resolves with the callback URL the popup posts back; only a message from that popup, from the
 * redirect URI's origin, counts.
 * @throws {LoginError} `popup_closed` when the popup is closed (or times out) before answering.
 * @internal
 */
export function waitForPopup(popup: Window, redirectOrigin: string, env: LoginEnvironment): Promise<URL> {
  return new Promise((resolve, reject) => {
    const started = env.now();
    const finish = (settle: () => void) => {
      window.removeEventListener('message', onMessage);
      clearInterval(timer);
      settle();
    };
    const onMessage = (event: MessageEvent) => {
      const data = event.data as { type?: unknown; url?: unknown } | null;
      if (event.origin !== redirectOrigin || event.source !== popup || data?.type !== MESSAGE_TYPE) return;
      const url = parseUrl(data.url);
      if (!url) return;
      finish(() => resolve(url));
      popup.close();
    };
    let closedAt: number | undefined;
    const timer = setInterval(() => {
      // The popup posts its response and closes at once: the message can still be queued when we see it
      // closed, so a closed popup only counts once it has stayed closed for a grace period.
      const now = env.now();
      if (popup.closed) closedAt ??= now;
      const gaveUp = closedAt !== undefined && now - closedAt >= CLOSE_GRACE_MS;
      if (gaveUp || now - started > MAX_WAIT_MS) {
        finish(() => reject(new LoginError('popup_closed', 'The sign-in popup was closed before sign-in finished')));
        popup.close();
      }
    }, POLL_MS);
    window.addEventListener('message', onMessage);
  });
}

/** What popup sign-in adds to the controller. @internal */
export interface PopupSignIn extends LoginFeature<'popup-sign-in'> {
  open: typeof openPopup;
  wait: typeof waitForPopup;
  complete: typeof completePopupSignIn;
}
