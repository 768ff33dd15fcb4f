// A minimal Auth0-shaped authorization endpoint for the speed bench, served on the bench page's own origin.
// Why: auth0-spa-js derives its endpoints from `domain` (`/authorize`, `/oauth/token`) and requires an ID
// token whose `iss` is `${domain}/`; the local Telnyx look-alike has its endpoints under /v2/oauth and, like
// Telnyx, issues no ID token at all, so auth0-spa-js cannot complete a login there. With this stub it runs
// its own code flow (PKCE, state, nonce, ID token claim checks) and fills its own cache, which is what its
// cache-hit path then reads.
// The ID token's signature is not a real one: auth0-spa-js does not verify signatures (it trusts the TLS
// connection to the token endpoint) and it checks every claim the stub sets.
import { createHash, randomBytes } from 'node:crypto';

const b64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  if ((req.headers['content-type'] ?? '').includes('application/json')) return JSON.parse(text);
  return Object.fromEntries(new URLSearchParams(text));
}

/**
 * @param {{ origin: () => string, mount: string, clientId: string }} options `mount` e.g. '/auth0'
 * @returns a request handler for startPageServer's `handle`
 */
export function auth0Stub({ origin, mount, clientId }) {
  const codes = new Map();
  const json = (res, status, body) => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  return async (req, res) => {
    const url = new URL(req.url ?? '/', origin());
    if (url.pathname === `${mount}/authorize` && req.method === 'GET') {
      const q = url.searchParams;
      if (q.get('client_id') !== clientId || q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256') {
        res.writeHead(400).end('bad authorization request');
        return true;
      }
      const code = randomBytes(16).toString('base64url');
      codes.set(code, { nonce: q.get('nonce'), challenge: q.get('code_challenge'), redirectUri: q.get('redirect_uri'), scope: q.get('scope') });
      const back = new URL(q.get('redirect_uri') ?? '/', origin());
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state') ?? '');
      res.writeHead(302, { Location: back.href }).end();
      return true;
    }
    if (url.pathname === `${mount}/oauth/token` && req.method === 'POST') {
      const body = await readBody(req);
      const grant = codes.get(body.code);
      codes.delete(body.code);
      const verifierOk = grant && createHash('sha256').update(String(body.code_verifier)).digest('base64url') === grant.challenge;
      if (body.grant_type !== 'authorization_code' || !verifierOk || body.redirect_uri !== grant.redirectUri) {
        json(res, 400, { error: 'invalid_grant', error_description: 'unknown code, wrong verifier or redirect_uri' });
        return true;
      }
      const now = Math.floor(Date.now() / 1000);
      const claims = { iss: `${origin()}${mount}/`, aud: clientId, sub: 'bench-auth0', name: 'bench-auth0', nonce: grant.nonce, iat: now, exp: now + 3600 };
      const idToken = `${b64url({ alg: 'RS256', typ: 'JWT', kid: 'bench-stub' })}.${b64url(claims)}.${b64url('not-verified-by-the-client')}`;
      json(res, 200, { access_token: randomBytes(32).toString('base64url'), id_token: idToken, token_type: 'Bearer', expires_in: 3600, scope: grant.scope });
      return true;
    }
    return false;
  };
}
