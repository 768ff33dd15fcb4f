// The portal's consent page: signs the user in once (a user credential kept in this origin's
// localStorage), reads the consent request from the API with it, and sends the user's answer.
// Plain browser JavaScript, served as is.

const API = document.querySelector('meta[name="telnyx-api"]').content;
const SESSION_KEY = 'telnyx-portal-session';
const consentToken = new URLSearchParams(location.search).get('consent_token');

const $ = (testId) => document.querySelector(`[data-testid="${testId}"]`);

/** @returns {{ token: string, user: string } | null} */
function session() {
  try {
    const value = JSON.parse(localStorage.getItem(SESSION_KEY) ?? 'null');
    return typeof value?.token === 'string' && typeof value?.user === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** Shows one view, moves focus to its heading (or first field) for keyboard and screen-reader users. */
function show(view) {
  for (const section of document.querySelectorAll('[data-view]')) section.hidden = section.dataset.view !== view;
  const current = session();
  $('portal-user-bar').hidden = !current;
  $('consent-user').textContent = current?.user ?? '';
  const section = document.querySelector(`[data-view="${view}"]`);
  (section.querySelector('input') ?? section.querySelector('h1'))?.focus();
}

function showError(message) {
  const box = $('portal-error');
  box.hidden = !message;
  box.textContent = message ?? '';
}

/** A call to the API as the signed-in user. */
async function api(path, init = {}) {
  const response = await fetch(`${API}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${session()?.token}`, 'content-type': 'application/json', ...init.headers },
  });
  const body = await response.json().catch(() => ({}));
  return { status: response.status, body };
}

const telnyxDetail = (body) => body?.errors?.[0]?.detail ?? 'Something went wrong.';

async function signIn(username) {
  const response = await fetch('/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username }),
  });
  if (!response.ok) throw new Error('Use 1-64 letters, digits or . _ @ + -');
  localStorage.setItem(SESSION_KEY, JSON.stringify(await response.json()));
}

function signOut() {
  localStorage.removeItem(SESSION_KEY);
  showError();
  show('sign-in');
}

function renderConsent(data) {
  $('consent-client-name').textContent = data.name;
  const logo = $('consent-logo');
  logo.hidden = !data.logo_uri;
  if (data.logo_uri) logo.src = data.logo_uri;
  $('consent-verified').hidden = !data.verified;
  $('consent-unverified').hidden = data.verified;
  $('consent-redirect').textContent = new URL(data.redirect_uri).origin;

  const list = $('consent-scopes');
  list.replaceChildren(
    ...data.requested_scopes.map((scope) => {
      const item = document.createElement('li');
      item.dataset.testid = 'consent-scope';
      item.dataset.scope = scope.id;
      const name = document.createElement('strong');
      name.textContent = scope.name;
      item.append(name, ` (${scope.id}): ${scope.description}`);
      return item;
    }),
  );

  const links = [
    ['tos_uri', 'Terms of service', 'consent-tos'],
    ['policy_uri', 'Privacy policy', 'consent-policy'],
  ].flatMap(([field, text, testId]) => {
    if (!data[field]) return [];
    const link = document.createElement('a');
    link.href = data[field];
    link.textContent = text;
    link.rel = 'noopener noreferrer';
    link.target = '_blank';
    link.dataset.testid = testId;
    return [link, ' '];
  });
  $('consent-links').replaceChildren(...links);
  show('consent');
}

async function loadConsent() {
  if (!session()) return show('sign-in');
  if (!consentToken) return show('home');
  show('loading');
  const { status, body } = await api(`/v2/oauth/consent/${encodeURIComponent(consentToken)}`);
  if (status === 401) return signOut(); // the credential is gone (the local server restarted)
  if (status !== 200) {
    $('portal-done').textContent = telnyxDetail(body);
    return show('done');
  }
  renderConsent(body.data);
}

async function answer(allowed) {
  for (const id of ['consent-allow', 'consent-deny']) $(id).disabled = true;
  try {
    const { status, body } = await api('/v2/oauth/grants', {
      method: 'POST',
      body: JSON.stringify({ consent_token: consentToken, allowed }),
    });
    if (status === 200 && typeof body.redirect_uri === 'string') {
      $('portal-done').textContent = 'Taking you back to the app…';
      show('done');
      location.assign(body.redirect_uri);
      return;
    }
    $('portal-done').textContent = telnyxDetail(body);
    show('done');
  } catch {
    showError('The Telnyx API could not be reached.');
    for (const id of ['consent-allow', 'consent-deny']) $(id).disabled = false;
  }
}

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  showError();
  try {
    await signIn($('login-username').value.trim());
    await loadConsent();
  } catch (error) {
    showError(error.message);
  }
});
$('portal-sign-out').addEventListener('click', signOut);
$('consent-allow').addEventListener('click', () => answer(true));
$('consent-deny').addEventListener('click', () => answer(false));

loadConsent().catch(() => showError('The Telnyx API could not be reached.'));
