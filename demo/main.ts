// The demo app: sign in (by redirect or popup), show who is signed in and when the access token expires,
// list and revoke connected apps through the typed Telnyx module, and explain every error in words.
// `/` uses a pre-registered client; `/zero-config/` knows only the API URL (see config.ts).
import '../src/button.js';
import type { TelnyxLoginButton } from '../src/button.js';
import { createLogin, isLoginError, type LoginState, type LoginStatus } from '../src/index.js';
import { isTelnyxApiError, isTelnyxError } from '../src/telnyx/index.js';
import { connectedApps } from './apps.js';
import { demoConfig } from './config.js';
import { el } from './dom.js';
import { API_ERROR_MESSAGES, ERROR_MESSAGES, SIGN_OUT_REASONS } from './messages.js';

const config = demoConfig(location.pathname, location.origin);
const login = createLogin(config.options);

/** The last failure of something the user did here (a click, an API call), shown until the next success. */
let actionError: unknown;
const setActionError = (error: unknown): void => {
  actionError = error;
  render();
};
const apps = connectedApps(login, config.apiBase, setActionError);

function route(): 'account' | 'apps' {
  return location.pathname === `${config.base}/apps` ? 'apps' : 'account';
}

function showError(error: unknown): void {
  const box = el('error');
  box.hidden = error === undefined;
  if (error === undefined) return;
  let title = 'Something went wrong.';
  let code = error instanceof Error ? error.name : 'unknown';
  let server = '';
  if (isLoginError(error)) {
    title = ERROR_MESSAGES[error.code] ?? title;
    code = error.code;
    server = error.error ? ` · server said ${error.error}${error.errorDescription ? `: ${error.errorDescription}` : ''}` : '';
  } else if (isTelnyxError(error)) {
    title = API_ERROR_MESSAGES[error.code] ?? title;
    code = error.code;
    if (isTelnyxApiError(error) && error.status !== undefined) {
      const detail = error.errors[0]?.detail ?? error.errors[0]?.title;
      server = ` · API said ${error.status}${detail ? `: ${detail}` : ''}`;
    }
  }
  el('error-title').textContent = title;
  el('error-message').textContent = error instanceof Error ? error.message : String(error);
  el('error-code').textContent = code;
  el('error-server').textContent = server;
}

function renderExpiry(state: LoginState): void {
  const target = el('expires-in');
  if (state.expiresAt === undefined) {
    target.textContent = 'never (the server gave no lifetime)';
    return;
  }
  const seconds = Math.round((state.expiresAt - Date.now()) / 1000);
  target.dataset.expiresAt = String(state.expiresAt);
  target.textContent = seconds > 0 ? `${seconds} s` : 'now (it will be refreshed on the next call)';
}

let shownStatus: LoginStatus | undefined;

function render(): void {
  const state = login.state;
  const signedIn = state.status === 'signed-in';
  // What was loaded for a session is not shown to the next one.
  if (shownStatus === 'signed-in' && !signedIn) apps.reset();
  shownStatus = state.status;

  el('status').textContent = state.status;
  el('nav').hidden = !signedIn;
  el('signed-out-view').hidden = signedIn || state.status === 'loading';
  el('account-view').hidden = !signedIn || route() !== 'account';
  el('apps-view').hidden = !signedIn || route() !== 'apps';

  const notice = el('signed-out-notice');
  notice.hidden = !(state.status === 'signed-out' && state.reason);
  if (state.reason) {
    el('signed-out-reason').textContent = `${SIGN_OUT_REASONS[state.reason]} (${state.reason})`;
    el('signed-out-reason').dataset.reason = state.reason;
  }

  showError(actionError ?? state.error);

  if (signedIn) {
    // Telnyx issues no ID token (no OpenID Connect), so there is usually no name to show.
    el('user-name').textContent = state.user?.name ?? state.user?.preferred_username ?? state.user?.sub ?? 'your Telnyx account';
    el('user-sub').textContent = state.user?.sub ?? '—';
    el('scope').textContent = state.scope ?? '—';
    renderExpiry(state);
    if (route() === 'apps') apps.show();
  }
}

/** Links and texts that depend on the mode: routes live under its base path. */
function renderMode(): void {
  el('mode').textContent =
    config.mode === 'zero-config' ? 'zero-config (this page knows only the API URL)' : 'pre-registered client';
  const [before, url, after] = config.describe;
  const code = document.createElement('code');
  code.textContent = url;
  el('issuer').replaceChildren(before, code, after);
  for (const link of document.querySelectorAll<HTMLAnchorElement>('a[data-route]')) {
    link.href = `${config.base}${link.getAttribute('href')}`;
  }
  const other = el<HTMLAnchorElement>('mode-switch');
  other.href = config.mode === 'zero-config' ? '/' : '/zero-config/';
  other.textContent = config.mode === 'zero-config' ? 'Pre-registered client mode' : 'Zero-config mode';
}

document.addEventListener('click', (event) => {
  const link = (event.target as Element).closest<HTMLAnchorElement>('a[data-route]');
  if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  history.pushState(null, '', link.href);
  apps.reset();
  render();
});
window.addEventListener('popstate', () => {
  apps.reset();
  render();
});

for (const testId of ['login-button', 'popup-login-button']) {
  const button = el<TelnyxLoginButton>(testId);
  button.login = login;
  button.addEventListener('telnyx-login-error', (event) => setActionError(event.detail.error));
}

login.subscribe((state) => {
  // A new session or an ended one makes older action errors moot; a failed sign-in keeps its own error.
  if (state.status === 'signed-in' || state.status === 'signing-in') actionError = undefined;
  render();
});
// The countdown is display only: the SDK checks expiry itself whenever a token is used.
setInterval(() => {
  if (login.state.status === 'signed-in') renderExpiry(login.state);
}, 1000);

renderMode();
render();
void login.ready.then(render);
