// The demo app: sign in (by redirect or popup), show who is signed in and when the access token expires,
// list and revoke connected apps through the typed Telnyx module, and explain every error in words.
// `/` uses a pre-registered client; `/zero-config/` knows only the API URL; `/proxy/` reaches the server
// through this app's own origin, for an API without CORS (see config.ts).
import '../src/button/index.js';
import type { TelnyxLoginButton } from '../src/button/index.js';
import { createLogin, isLoginError, type LoginState, type LoginStatus } from '../src/index.js';
import { createTelnyxClient, isTelnyxApiError, isTelnyxError } from '../src/telnyx/index.js';
import type { ServerRevocation } from '../src/index.js';
import { connectedApps } from './apps.js';
import { demoConfig } from './config.js';
import { developerConsole } from './console.js';
import { phoneNumbers } from './numbers.js';
import { SCOPES } from './server/scopes.js';
import { el, plural } from './dom.js';
import { API_ERROR_MESSAGES, ERROR_MESSAGES, SIGN_OUT_REASONS } from './messages.js';

const config = demoConfig(location.pathname, location.origin);
const login = createLogin(config.options);
login.on('warning', ({ code }) => {
  if (code === 'storage_unavailable') el('storage-warning').hidden = false;
});

/** The last failure of something the user did here (a click, an API call), shown until the next success. */
let actionError: unknown;
const setActionError = (error: unknown): void => {
  actionError = error;
  render();
};
const apps = connectedApps(login, config.apiBase, setActionError);
const numbers = phoneNumbers(login, config.apiBase, setActionError);
const devConsole = developerConsole(login, config.apiBase, setActionError);
const pages = { numbers, apps, console: devConsole } as const;
// Handy in the devtools console, and how the e2e tests reach the controller of a page.
(globalThis as { telnyxLogin?: typeof login }).telnyxLogin = login;

type Route = 'account' | keyof typeof pages;
function route(): Route {
  const name = location.pathname.slice(config.base.length + 1);
  return name in pages ? (name as Route) : 'account';
}
const resetPages = (): void => {
  for (const page of Object.values(pages)) page.reset();
};

/** What the last sign-out did at the server, shown with the signed-out notice. */
let revocation: ServerRevocation | undefined;
/** Grants this app ended through the API before its last sign-out, if it did. */
let grantsEnded: number | undefined;
const REVOCATION_TEXT: Record<ServerRevocation, string> = {
  revoked: 'The server revoked this app\'s tokens too.',
  unsupported: 'Signed out in this browser only: the server has no revocation endpoint, so the grant is still alive there. End it from Connected apps (or with "Sign out and end this app\'s grant").',
  failed: 'Signed out in this browser, but the server could not be told: the grant may still be alive there.',
  none: 'There was no session to end.',
};

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
  const later = config.options.autoRefresh ? 'it is refreshed when this page is visible' : 'it is refreshed on the next call';
  target.textContent = state.refreshing ? `${Math.max(0, seconds)} s (refreshing…)` : seconds > 0 ? `${seconds} s` : `now (${later})`;
}

let shownStatus: LoginStatus | undefined;

function render(): void {
  const state = login.state;
  const signedIn = state.status === 'signed-in';
  // What was loaded for a session is not shown to the next one.
  if (shownStatus === 'signed-in' && !signedIn) resetPages();
  shownStatus = state.status;

  el('status').textContent = state.status;
  if (!signedIn) el('refreshed-at').hidden = true;
  el('nav').hidden = !signedIn;
  el('signed-out-view').hidden = signedIn || state.status === 'loading';
  for (const name of ['account', 'numbers', 'apps', 'console'] as const) el(`${name}-view`).hidden = !signedIn || route() !== name;

  const notice = el('signed-out-notice');
  notice.hidden = !(state.status === 'signed-out' && state.reason);
  if (state.reason) {
    el('signed-out-reason').textContent = `${SIGN_OUT_REASONS[state.reason]} (${state.reason})`;
    el('signed-out-reason').dataset.reason = state.reason;
  }
  const revoked = el('revocation');
  revoked.hidden = state.reason !== 'user' || revocation === undefined;
  revoked.textContent =
    grantsEnded !== undefined ? `Ended ${plural(grantsEnded, 'grant')} of this app at the server, then signed out.` : revocation ? REVOCATION_TEXT[revocation] : '';
  if (revocation) revoked.dataset.revocation = revocation;

  showError(actionError ?? state.error);

  if (signedIn) {
    // Telnyx issues no ID token (no OpenID Connect), so there is usually no name to show.
    el('user-name').textContent = state.user?.name ?? state.user?.preferred_username ?? state.user?.sub ?? 'your Telnyx account';
    el('user-sub').textContent = state.user?.sub ?? '—';
    el('scope').textContent = state.scope ?? '—';
    renderExpiry(state);
    el('end-grant').hidden = config.options.clientId === undefined;
    const page = route();
    if (page !== 'account') pages[page].show();
  }
}

/** Links and texts that depend on the mode: routes live under its base path. */
function renderMode(): void {
  el('mode').textContent = {
    'pre-registered': 'pre-registered client',
    'zero-config': 'zero-config (this page knows only the API URL)',
    proxy: 'proxy (the server through this app\'s origin, for an API without CORS)',
  }[config.mode];
  const [before, url, after] = config.describe;
  const code = document.createElement('code');
  code.textContent = url;
  el('issuer').replaceChildren(before, code, after);
  for (const link of document.querySelectorAll<HTMLAnchorElement>('a[data-route]')) {
    link.href = `${config.base}${link.getAttribute('href')}`;
  }
  const other = el<HTMLAnchorElement>('mode-switch');
  other.href = config.mode === 'pre-registered' ? '/zero-config/' : '/';
  other.textContent = config.mode === 'pre-registered' ? 'Zero-config mode' : 'Pre-registered client mode';
}

document.addEventListener('click', (event) => {
  const link = (event.target as Element).closest<HTMLAnchorElement>('a[data-route]');
  if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  history.pushState(null, '', link.href);
  resetPages();
  render();
});
window.addEventListener('popstate', () => {
  resetPages();
  render();
});

for (const testId of ['login-button', 'popup-login-button']) {
  const button = el<TelnyxLoginButton>(testId);
  button.login = login;
  button.addEventListener('telnyx-login-error', (event) => setActionError(event.detail.error));
  button.addEventListener('telnyx-login-signed-out', (event) => {
    revocation = event.detail.result.revocation;
    grantsEnded = undefined;
    render();
  });
}

/** Telnyx keeps a grant after sign-out (no RFC 7009): delete this app's grant first, while the token works. */
el('end-grant').addEventListener('click', () => {
  const clientId = config.options.clientId;
  if (clientId === undefined) return;
  const telnyx = createTelnyxClient({ baseUrl: config.apiBase, fetch: login.fetch });
  void telnyx.oauthGrants.revokeForClient(clientId).then(
    async (ended) => {
      grantsEnded = ended.length;
      revocation = (await login.signOut()).revocation;
      render();
    },
    (error: unknown) => setActionError(error),
  );
});

/**
 * The scopes the sign-in buttons ask for, picked by the user from Telnyx's 32 (the look-alike's catalogue,
 * with the names a consent screen shows: no request, so a page load stays free).
 */
function scopePicker(): void {
  const wanted = new Set(String(config.options.scope ?? '').split(' ').filter(Boolean));
  const apply = (): void => {
    const chosen = [...document.querySelectorAll<HTMLInputElement>('fieldset.scopes input:checked')].map((box) => box.value);
    for (const testId of ['login-button', 'popup-login-button']) el(testId).setAttribute('scope', chosen.join(' '));
  };
  el('scope-picker').replaceChildren(
    ...SCOPES.map(({ id, name, description }) => {
      const label = document.createElement('label');
      label.title = description;
      const box = Object.assign(document.createElement('input'), { type: 'checkbox', value: id, checked: wanted.has(id) });
      box.dataset.testid = `scope-${id}`;
      label.append(box, ` ${name}`);
      return label;
    }),
  );
  // Until the user changes the pick, the buttons ask for the configured scope as it is written.
  document.querySelector('fieldset.scopes')?.addEventListener('change', apply);
}
scopePicker();

login.subscribe((state) => {
  // A new session or an ended one makes older action errors moot; a failed sign-in keeps its own error.
  if (state.status === 'signed-in' || state.status === 'signing-in') actionError = undefined;
  render();
});
login.on('refreshed', () => {
  const refreshed = el('refreshed-at');
  refreshed.hidden = false;
  refreshed.textContent = `· refreshed at ${new Date().toLocaleTimeString()}`;
});
// The countdown is display only: the SDK checks expiry itself whenever a token is used.
setInterval(() => {
  if (login.state.status === 'signed-in') renderExpiry(login.state);
}, 1000);

renderMode();
render();
void login.ready.then(render);
