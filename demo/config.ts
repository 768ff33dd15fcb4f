// The demo's two ways to configure the SDK, chosen by the page's path:
// - `/`: a pre-registered client (`issuer` + `clientId`), the usual setup;
// - `/zero-config/`: only the API URL. The SDK finds the authorization server from the API's RFC 9728
//   metadata and registers a public client (RFC 7591) the first time; both are cached in IndexedDB.
import { dynamicRegistration, popupSignIn, resourceDiscovery, type LoginOptions } from '../src/index.js';

// Set by demo/vite.js; the fallbacks are the local server `npm run demo` starts. As at Telnyx, the
// issuer and the API's resource are the same origin, and the REST API lives under /v2.
const issuer: string = import.meta.env.VITE_DEMO_ISSUER ?? 'http://localhost:4010';
const resource: string = import.meta.env.VITE_DEMO_RESOURCE ?? issuer;
const api: string = import.meta.env.VITE_DEMO_API ?? `${resource}/v2`;
const autoRefresh: boolean = import.meta.env.VITE_DEMO_AUTO_REFRESH ?? true;

/**
 * What the demo does with the API: the phone numbers (numbers.read), and the connected-apps page, which
 * lists grants and clients (authentication_and_access.read) and revokes grants (account_management.write).
 */
const SCOPE = 'numbers.read authentication_and_access.read account_management.write';

export type DemoMode = 'pre-registered' | 'zero-config' | 'proxy';

export interface DemoConfig {
  mode: DemoMode;
  /** Path prefix of the app's routes in this mode: '', '/zero-config' or '/proxy'. */
  base: string;
  /** Where the demo API lives (the Telnyx module's `baseUrl`). */
  apiBase: string;
  /** What the signed-out page says the app signs in with: text around one URL. */
  describe: readonly [before: string, url: string, after: string];
  options: LoginOptions;
}

const ZERO_CONFIG_BASE = '/zero-config';
const PROXY_BASE = '/proxy';
/** Where demo/vite.js forwards to the API origin: the same-origin proxy for an API that sends no CORS headers. */
export const PROXY_PATH = '/telnyx';

const inMode = (pathname: string, base: string) => pathname === base || pathname.startsWith(`${base}/`);

/**
 * `fetch` for an authorization server reached through this origin's proxy: its URLs (discovery, token) go
 * to `/telnyx/...` on this origin instead. The issuer stays the server's own, as its metadata names it.
 */
export function throughProxy(server: string, origin: string): typeof fetch {
  return (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    return fetch(url.startsWith(`${server}/`) ? `${origin}${PROXY_PATH}${url.slice(server.length)}` : input, init);
  };
}

export function demoConfig(pathname: string, origin: string): DemoConfig {
  const shared = {
    scope: SCOPE,
    apiOrigins: [new URL(api).origin],
    // The local server is plain http on loopback.
    allowInsecureLoopback: true,
    // The expiry shown moves as the token is refreshed, not at the next API call.
    autoRefresh,
    // Every page has a popup sign-in button.
    features: [popupSignIn],
  } satisfies Partial<LoginOptions>;

  if (inMode(pathname, PROXY_BASE)) {
    const server = new URL(issuer).origin;
    return {
      mode: 'proxy',
      base: PROXY_BASE,
      apiBase: `${origin}${PROXY_PATH}/v2`,
      describe: ['', issuer, ` through this app's own origin (${PROXY_PATH}, a dev-server proxy): for an API that sends no CORS headers`],
      options: {
        ...shared,
        issuer,
        clientId: 'telnyx-login-demo',
        redirectUri: `${origin}${PROXY_BASE}/`,
        // The bearer token goes to this app's origin only: the proxy carries it on.
        apiOrigins: [origin],
        fetch: throughProxy(server, origin),
      },
    };
  }
  if (inMode(pathname, ZERO_CONFIG_BASE)) {
    return {
      mode: 'zero-config',
      base: ZERO_CONFIG_BASE,
      apiBase: api,
      describe: ['the authorization server that the API at ', resource, ' names (RFC 9728), as a client it registers on first use (RFC 7591)'],
      // No issuer, no client_id: the API's resource alone. It is also the RFC 8707 resource the tokens are for.
      options: {
        ...shared,
        resource,
        registration: { client_name: 'telnyx-login demo (zero-config)' },
        redirectUri: `${origin}${ZERO_CONFIG_BASE}/`,
        features: [resourceDiscovery, dynamicRegistration, popupSignIn],
      },
    };
  }
  return {
    mode: 'pre-registered',
    base: '',
    apiBase: api,
    describe: ['', issuer, ' as the pre-registered client telnyx-login-demo'],
    options: { ...shared, issuer, clientId: 'telnyx-login-demo', redirectUri: `${origin}/` },
  };
}
