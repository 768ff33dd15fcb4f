// The authorization server's own sign-in and consent pages, driven by oidc-provider's interaction API.
import { escapeHtml, page } from './provider.js';

/** Form bodies are tiny; anything bigger is not from our pages. */
const MAX_FORM_BYTES = 4096;

/**
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<URLSearchParams>}
 */
export async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > MAX_FORM_BYTES) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

/**
 * @param {import('node:http').ServerResponse} res @param {number} status @param {string} html
 */
function sendHtml(res, status, html) {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    // These pages must never be framed by the app they grant access to.
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  });
  res.end(html);
}

/**
 * Handles GET /v2/interaction/:uid and its two form posts (login, consent).
 * @param {import('oidc-provider').default} provider
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} path the request path
 * @param {(step: string) => void} [count] told each step a person completed: `login`, `switch`, `consent:allow|deny`
 */
export async function handleInteraction(provider, req, res, path, count = () => {}) {
  const match = /^\/v2\/interaction\/([\w-]+)(?:\/(login|consent|switch))?$/.exec(path);
  if (!match) return sendHtml(res, 404, page('Not found', '<h1>Not found</h1>'));
  const [, uid = '', action] = match;

  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    // Expired or foreign interaction cookie: the sign-in has to start again from the app.
    return sendHtml(res, 400, page('Expired', '<h1>This sign-in has expired</h1><p>Go back to the app and sign in again.</p>'));
  }
  if (details.uid !== uid) return sendHtml(res, 400, page('Mismatch', '<h1>Unknown sign-in</h1>'));

  const { prompt, params, session } = details;
  const client = await provider.Client.find(String(params.client_id));
  const clientName = client?.clientName ?? String(params.client_id);

  if (req.method === 'GET' && !action) {
    if (prompt.name === 'login') return sendHtml(res, 200, loginPage(uid, clientName));
    if (prompt.name === 'consent') {
      const scopes = String(params.scope ?? '').split(' ').filter(Boolean);
      return sendHtml(res, 200, consentPage(uid, clientName, session?.accountId ?? '', scopes));
    }
    return sendHtml(res, 400, page('Unsupported', `<h1>Unsupported prompt ${escapeHtml(prompt.name)}</h1>`));
  }
  if (req.method !== 'POST') return sendHtml(res, 405, page('Method not allowed', '<h1>Method not allowed</h1>'));

  const form = await readForm(req);
  const username = (form.get('username') ?? '').trim();
  const validName = /^[\w.@+-]{1,64}$/.test(username);
  if (action === 'login' && prompt.name === 'login') {
    if (!validName) return sendHtml(res, 400, loginPage(uid, clientName, 'Use 1-64 letters, digits or . _ @ + -'));
    count('login');
    return provider.interactionFinished(req, res, { login: { accountId: username } }, { mergeWithLastSubmission: false });
  }
  // "Not you?" on the consent page: a login result for another account makes oidc-provider end the
  // current server session and resume the same authorization request as the new user.
  if (action === 'switch' && prompt.name === 'consent' && validName) {
    count('switch');
    return provider.interactionFinished(req, res, { login: { accountId: username } }, { mergeWithLastSubmission: false });
  }

  if (action === 'consent' && prompt.name === 'consent') {
    if (form.get('decision') !== 'allow') {
      count('consent:deny');
      // Ends at the client's redirect_uri as error=access_denied (with state and iss), per RFC 6749 4.1.2.1.
      return provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'The user denied the request' },
        { mergeWithLastSubmission: false },
      );
    }
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session?.accountId, clientId: String(params.client_id) });
    if (!grant) return sendHtml(res, 400, page('Expired', '<h1>This grant no longer exists</h1>'));
    const missing = prompt.details;
    if (Array.isArray(missing.missingOIDCScope)) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (Array.isArray(missing.missingOIDCClaims)) grant.addOIDCClaims(missing.missingOIDCClaims);
    if (missing.missingResourceScopes && typeof missing.missingResourceScopes === 'object') {
      for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes)) {
        grant.addResourceScope(indicator, /** @type {string[]} */ (scopes).join(' '));
      }
    }
    const grantId = await grant.save();
    count('consent:allow');
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  return sendHtml(res, 400, page('Out of order', '<h1>This step is not expected now</h1><p>Go back to the app and sign in again.</p>'));
}

/** @param {string} uid @param {string} clientName @param {string} [error] */
function loginPage(uid, clientName, error) {
  return page(
    'Sign in',
    `<h1>Sign in to continue to ${escapeHtml(clientName)}</h1>
<p class="muted">Local demo server: any user name works, there is no password.</p>
${error ? `<p role="alert" data-testid="login-error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/v2/interaction/${escapeHtml(uid)}/login">
<label for="username">User name</label>
<input id="username" name="username" data-testid="login-username" autocomplete="username" required autofocus value="demo-user">
<button type="submit" data-testid="login-submit">Sign in</button>
</form>`,
  );
}

/** @param {string} uid @param {string} clientName @param {string} accountId @param {string[]} scopes */
function consentPage(uid, clientName, accountId, scopes) {
  const items = scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join('');
  return page(
    'Authorize',
    `<h1>${escapeHtml(clientName)} wants access to your account</h1>
<p>Signed in as <strong data-testid="consent-user">${escapeHtml(accountId)}</strong>. It asks for:</p>
<ul data-testid="consent-scopes">${items}</ul>
<form method="post" action="/v2/interaction/${escapeHtml(uid)}/consent">
<button type="submit" name="decision" value="allow" data-testid="consent-allow">Allow</button>
<button type="submit" name="decision" value="deny" data-testid="consent-deny">Deny</button>
</form>
<form method="post" action="/v2/interaction/${escapeHtml(uid)}/switch" class="muted">
<label for="username">Not ${escapeHtml(accountId)}? Continue as</label>
<input id="username" name="username" data-testid="switch-username" autocomplete="username" required>
<button type="submit" data-testid="switch-submit">Switch user</button>
</form>`,
  );
}
