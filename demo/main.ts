// The demo app: sign in against the configured issuer, show who is signed in and when the access token
// expires, list and revoke connected apps through login.fetch, and explain every error in words.
import '../src/button.js';
import type { TelnyxLoginButton } from '../src/button.js';
import { createLogin, isLoginError, type LoginState } from '../src/index.js';
import { ERROR_MESSAGES, SIGN_OUT_REASONS } from './messages.js';

// Set by demo/vite.js; the fallback is the local server `npm run demo` starts.
const issuer: string = import.meta.env.VITE_DEMO_ISSUER ?? 'http://localhost:4010/v2';
const apiBase = issuer.replace(/\/$/, '');

const login = createLogin({
  issuer,
  clientId: 'telnyx-login-demo',
  redirectUri: `${location.origin}/`,
  scope: 'openid profile admin',
  apiOrigins: [new URL(issuer).origin],
  allowInsecureLoopback: true,
});

interface Grant {
  id: string;
  client_id: string;
  scopes: string[];
  created_at: string | null;
  last_used_at: string | null;
}

const el = <T extends HTMLElement = HTMLElement>(testId: string): T => {
  const found = document.querySelector<T>(`[data-testid="${testId}"]`);
  if (!found) throw new Error(`missing element ${testId}`);
  return found;
};

/** The last failure of something the user did here (a click, an API call), shown until the next success. */
let actionError: unknown;
let grants: Grant[] | undefined;
let grantsLoading = false;

function route(): 'account' | 'apps' {
  return location.pathname === '/apps' ? 'apps' : 'account';
}

function showError(error: unknown): void {
  const box = el('error');
  box.hidden = error === undefined;
  if (error === undefined) return;
  if (isLoginError(error)) {
    el('error-title').textContent = ERROR_MESSAGES[error.code] ?? 'Something went wrong.';
    el('error-message').textContent = error.message;
    el('error-code').textContent = error.code;
    const server = error.error ? ` · server said ${error.error}${error.errorDescription ? `: ${error.errorDescription}` : ''}` : '';
    el('error-server').textContent = server;
  } else {
    el('error-title').textContent = 'Something went wrong.';
    el('error-message').textContent = error instanceof Error ? error.message : String(error);
    el('error-code').textContent = error instanceof Error ? error.name : 'unknown';
    el('error-server').textContent = '';
  }
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

function renderGrants(): void {
  const body = el('grants');
  body.replaceChildren();
  el('grants-empty').hidden = grants === undefined || grants.length > 0;
  for (const grant of grants ?? []) {
    const row = document.createElement('tr');
    row.dataset.testid = 'grant';
    row.dataset.grantId = grant.id;
    const cells = [grant.client_id, grant.scopes.join(' '), formatDate(grant.created_at), formatDate(grant.last_used_at)];
    for (const text of cells) {
      const cell = document.createElement('td');
      cell.textContent = text;
      row.append(cell);
    }
    const action = document.createElement('td');
    const revoke = document.createElement('button');
    revoke.type = 'button';
    revoke.textContent = 'Revoke';
    revoke.dataset.testid = 'revoke-grant';
    revoke.addEventListener('click', () => void revokeGrant(grant.id));
    action.append(revoke);
    row.append(action);
    body.append(row);
  }
}

const formatDate = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

function render(): void {
  const state = login.state;
  const signedIn = state.status === 'signed-in';
  el('status').textContent = state.status;
  el('nav').hidden = !signedIn;
  el('signed-out-view').hidden = signedIn || state.status === 'loading';
  el('issuer').textContent = issuer;
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
    el('user-name').textContent = state.user?.name ?? state.user?.preferred_username ?? state.user?.sub ?? 'unknown user';
    el('user-sub').textContent = state.user?.sub ?? '—';
    el('scope').textContent = state.scope ?? '—';
    renderExpiry(state);
    if (route() === 'apps' && grants === undefined && !grantsLoading) void loadGrants();
  } else {
    grants = undefined;
  }
  renderGrants();
}

/** Reports an API answer in the page: method, path, status, and what it means. */
function reportApi(method: string, path: string, response: Response, detail = ''): void {
  const result = el('api-result');
  result.dataset.status = String(response.status);
  result.textContent = `${method} ${path} → ${response.status}${detail ? `, ${detail}` : ''}`;
}

async function loadGrants(): Promise<void> {
  grantsLoading = true;
  const path = '/oauth_grants?page[size]=50';
  try {
    const response = await login.fetch(`${apiBase}${path}`);
    if (!response.ok) {
      reportApi('GET', path, response, await describeFailure(response));
      grants = [];
      return;
    }
    const body = (await response.json()) as { data: Grant[]; meta: { total_results: number } };
    grants = body.data;
    actionError = undefined;
    reportApi('GET', path, response, `${body.meta.total_results} connected app${body.meta.total_results === 1 ? '' : 's'}`);
  } catch (error) {
    actionError = error;
    grants = [];
  } finally {
    grantsLoading = false;
    render();
  }
}

async function revokeGrant(id: string): Promise<void> {
  const path = `/oauth_grants/${encodeURIComponent(id)}`;
  try {
    const response = await login.fetch(`${apiBase}${path}`, { method: 'DELETE' });
    reportApi('DELETE', path, response, response.ok ? 'revoked' : await describeFailure(response));
  } catch (error) {
    actionError = error;
    render();
    return;
  }
  // Reload the list: if that was this app's own grant, this call finds the session gone.
  await loadGrants();
}

/** The API's error in words: the bearer challenge for 401/403, Telnyx's error envelope otherwise. */
async function describeFailure(response: Response): Promise<string> {
  const challenge = response.headers.get('www-authenticate');
  if (challenge) return `the API refused the token (${/error="([^"]+)"/.exec(challenge)?.[1] ?? 'no token'})`;
  try {
    const body = (await response.json()) as { errors?: { title?: string; detail?: string }[] };
    return body.errors?.[0]?.detail ?? body.errors?.[0]?.title ?? 'request failed';
  } catch {
    return 'request failed';
  }
}

document.addEventListener('click', (event) => {
  const link = (event.target as Element).closest<HTMLAnchorElement>('a[data-route]');
  if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  history.pushState(null, '', link.href);
  grants = undefined;
  render();
});
window.addEventListener('popstate', () => {
  grants = undefined;
  render();
});
el('load-grants').addEventListener('click', () => void loadGrants());

const button = el<TelnyxLoginButton>('login-button');
button.login = login;
button.addEventListener('telnyx-login-error', (event) => {
  actionError = (event as CustomEvent<{ error: unknown }>).detail.error;
  render();
});

login.subscribe((state) => {
  // A new session or an ended one makes older action errors moot; a failed sign-in keeps its own error.
  if (state.status === 'signed-in' || state.status === 'signing-in') actionError = undefined;
  render();
});
// The countdown is display only: the SDK checks expiry itself whenever a token is used.
setInterval(() => {
  if (login.state.status === 'signed-in') renderExpiry(login.state);
}, 1000);

render();
void login.ready.then(render);
