// The speed bench's page: telnyx-login, auth0-spa-js and oidc-client-ts in one page, each signed in
// through its own redirect flow, then a cached token read timed for each in the same page. On load only a
// returning visit (`?returning=<sdk>`) runs, one SDK per load; everything else waits for the bench to call
// these hooks, so no SDK ever sees another SDK's callback.
import { Auth0Client, createAuth0Client, type Auth0ClientOptions, type CacheLocation } from '@auth0/auth0-spa-js';
import { createStore, get, set } from 'idb-keyval';
import { UserManager, type OidcMetadata } from 'oidc-client-ts';
import { createLogin, type Login, type TelnyxScope } from '../../src/index.ts';

// A returning visit is timed from here, the page module's first statement: the bundle's imports (all three
// SDKs' top-level code, the same on every load) have run, so what follows is the SDK under test alone.
const scriptStart = performance.now();

interface BenchConfig {
  issuer: string;
  /** The server's RFC 8414 document, read by the bench: oidc-client-ts is given it instead of discovering. */
  metadata: Partial<OidcMetadata>;
  clientId: string;
  scope: TelnyxScope[];
  auth0Domain: string;
  auth0ClientId: string;
}

const config = (window as unknown as { BENCH_CONFIG: BenchConfig }).BENCH_CONFIG;
const redirectUri = `${location.origin}/callback`;

const ours = (): Login =>
  createLogin({
    issuer: config.issuer,
    clientId: config.clientId,
    redirectUri,
    scope: config.scope,
    apiOrigins: [new URL(config.issuer).origin],
    allowInsecureLoopback: true,
  });

// Telnyx has no OpenID Connect: no openid-configuration to discover, no ID token, no userinfo. Given the
// RFC 8414 metadata and a scope without `openid`, oidc-client-ts runs plain OAuth (it checks no ID token).
const oidc = () =>
  new UserManager({
    authority: config.issuer,
    metadata: config.metadata,
    client_id: config.clientId,
    redirect_uri: redirectUri,
    scope: config.scope.join(' '),
    loadUserInfo: false,
    automaticSilentRenew: false, // no timers while timing; a cache read is what is measured
  });

// The cached read uses the default cache location ('memory'): its cache lives as long as this page, so it
// is measured on the page that completed its callback. A memory cache is gone after a reload (the client
// would ask /authorize again in a hidden iframe), so the returning visit uses 'localstorage', auth0-spa-js's
// option for a session that survives one.
const auth0Options = (cacheLocation: CacheLocation) =>
  ({
    domain: config.auth0Domain,
    clientId: config.auth0ClientId,
    authorizationParams: { redirect_uri: redirectUri, scope: 'openid profile' },
    cacheLocation,
  }) satisfies Auth0ClientOptions;

let auth0Client: Auth0Client | undefined;

// The floor of a returning visit that reads IndexedDB: open a database and read one record, nothing else.
const floorStore = () => createStore('telnyx-login-bench-floor', 'kv');

type Sdk = 'ours' | 'oidc' | 'auth0' | 'floor';

/** Each SDK's answer to "is a user signed in?" on load, from the session it stored (bench/README.md says why these calls). */
const signedInOnLoad: Record<Sdk, () => Promise<boolean>> = {
  ours: async () => (await ours().ready).status === 'signed-in',
  oidc: async () => (await oidc().getUser())?.expired === false,
  auth0: async () => (await createAuth0Client(auth0Options('localstorage'))).isAuthenticated(),
  floor: async () => (await get('session', floorStore())) !== undefined,
};

const isSdk = (name: string): name is Sdk => Object.hasOwn(signedInOnLoad, name);

/** Runs on load for `?returning=<sdk>`: that SDK alone, timed from `scriptStart` to its answer. */
async function returningVisit(sdk: string) {
  if (!isSdk(sdk)) throw new Error(`unknown SDK "${sdk}"`);
  const signedIn = await signedInOnLoad[sdk]();
  return { signedIn, ms: performance.now() - scriptStart, scriptStart };
}

const visit = new URLSearchParams(location.search).get('returning');

type Read = () => Promise<string | undefined>;

/** `iterations` sequential calls; milliseconds per call. */
async function time(read: Read, iterations: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < iterations; i++) await read();
  return (performance.now() - start) / iterations;
}

Object.assign(window, {
  bench: {
    returning: visit === null ? undefined : returningVisit(visit),
    /** A record the size of a stored session, for the floor's read. */
    seedFloor: () => set('session', { accessToken: 'a'.repeat(43), refreshToken: 'r'.repeat(43), expiresAt: Date.now() + 3_600_000 }, floorStore()),
    signIn: {
      ours: () => ours().signIn(),
      oidc: () => oidc().signinRedirect(),
      auth0: (cacheLocation: CacheLocation) => new Auth0Client(auth0Options(cacheLocation)).loginWithRedirect(),
    },
    complete: {
      ours: async () => (await ours().ready).status,
      oidc: async () => {
        const user = await oidc().signinRedirectCallback();
        history.replaceState(null, '', '/');
        return user.access_token ? 'signed-in' : 'no token';
      },
      auth0: async (cacheLocation: CacheLocation) => {
        const client = new Auth0Client(auth0Options(cacheLocation));
        await client.handleRedirectCallback();
        history.replaceState(null, '', '/');
        if (cacheLocation === 'memory') auth0Client = client; // the one measure() reads, on this page
        return (await client.isAuthenticated()) ? 'signed-in' : 'no session';
      },
    },
    /**
     * Times a cached token read for each SDK, `rounds` rounds of `iterations` calls, the order rotated every
     * round; the first round is a warm-up and is dropped. Returns per-call milliseconds per round.
     */
    async measure(iterations: number, rounds: number) {
      if (!auth0Client) throw new Error('auth0-spa-js has not completed its callback on this page');
      const login = ours();
      await login.ready;
      const manager = oidc();
      const a0 = auth0Client;
      const reads: Record<string, Read> = {
        'telnyx-login getAccessToken()': () => login.getAccessToken(),
        'auth0-spa-js getTokenSilently()': () => a0.getTokenSilently(),
        'oidc-client-ts getUser()': async () => (await manager.getUser())?.access_token,
      };
      const tokens: Record<string, string | undefined> = {};
      for (const [name, read] of Object.entries(reads)) tokens[name] = await read();
      const names = Object.keys(reads);
      const perCall: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
      for (let round = 0; round <= rounds; round++) {
        for (let k = 0; k < names.length; k++) {
          const name = names[(round + k) % names.length]!;
          const ms = await time(reads[name]!, iterations);
          if (round > 0) perCall[name]!.push(ms);
        }
      }
      return { tokenLengths: Object.fromEntries(Object.entries(tokens).map(([n, t]) => [n, t?.length ?? 0])), perCall };
    },
  },
});
