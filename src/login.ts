import { LoginError } from './contract/errors.js';
import { type LoginOptions } from './contract/options.js';
import { normalizeOptions } from './contract/normalize.js';
import type { Login, LoginState } from './contract/types.js';
import { authenticatedFetch } from './browser/fetch.js';
import { refreshAhead } from './browser/refresh-ahead.js';
import { createStores } from './browser/stores.js';
import { isCallback } from './protocol/callback.js';
import { toLoginError } from './protocol/http.js';
import { createBindings } from './session/binding.js';
import type { Core } from './session/core.js';
import { createRefresher } from './session/refresher.js';
import { signInFlows } from './session/sign-in.js';
import { signOutFlow } from './session/sign-out.js';
import { configDatabase } from './session/schema.js';
import { createSessionView } from './session/state.js';
import { isFresh, readTokens } from './session/tokens.js';

/**
 * Creates the login controller. Validates every option at once, then, in `ready`, loads the stored
 * session or completes the sign-in whose callback is in the address bar.
 *
 * With `issuer` and `clientId` it needs nothing else. With only `resource`, it finds the authorization
 * server through RFC 9728; with `registration` instead of `clientId`, it registers a client (RFC 7591).
 * Both are cached, so a returning visit makes no request.
 *
 * @throws {TypeError} naming the option that is missing or malformed.
 * @example
 * const login = createLogin({
 *   issuer: 'https://api.telnyx.com',
 *   clientId: 'my-client',
 *   redirectUri: `${location.origin}/callback`,
 *   scope: ['numbers.read'],
 *   apiOrigins: ['https://api.telnyx.com'],
 * });
 * await login.ready;
 * signInButton.onclick = () => login.signIn(); // on a click, never on load
 */
export function createLogin(input: LoginOptions): Login {
  const options = normalizeOptions(input);
  const view = createSessionView();
  // Deferred: the first failure can happen inside createLogin(), before the app could listen.
  const stores = createStores(options.storage, (error) => queueMicrotask(() => view.emit('warning', { code: 'storage_unavailable', error })));
  const bindings = createBindings({
    options,
    config: stores.open(configDatabase(options)),
    openStore: stores.open,
    onChange: () => void ready.then(() => core.show(bindings.current, {})),
  });
  const core: Core = {
    options,
    view,
    stores,
    bindings,
    show: (bound, outcome) => view.reload(async () => (bound ? readTokens(bound.session) : undefined), outcome),
  };
  const { handleCallback, signIn } = signInFlows(core, () => ready);
  const refresh = createRefresher(core);
  const signOut = signOutFlow(core);

  const ready: Promise<LoginState> = (async () => {
    try {
      const url = new URL(options.env.href());
      if (isCallback(url, options.redirectUri)) {
        // In our popup, the opener completes the sign-in: this page only hands the response over.
        if (options.features.popup?.complete()) return view.state;
        await handleCallback(url);
      } else {
        await core.show(await bindings.known(), { quiet: true, orElse: { status: 'signed-out' } });
      }
    } catch (cause) {
      view.setState({ status: 'error', error: toLoginError(cause, 'Loading the session') });
    }
    return view.state;
  })();

  const stopRefreshAhead = options.autoRefresh
    ? refreshAhead({ tokens: () => view.tokens, leeway: options.refreshLeeway, refresh: (stale) => refresh(false, stale), subscribe: view.subscribe, env: options.env })
    : undefined;

  const getAccessToken = async (): Promise<string> => {
    await ready;
    const tokens = view.tokens;
    if (!tokens) throw new LoginError('login_required', 'Not signed in');
    if (isFresh(tokens, options.refreshLeeway, options.env.now())) return tokens.accessToken;
    return (await refresh(false, tokens.accessToken)).accessToken;
  };

  return {
    ready,
    get state() {
      return view.state;
    },
    subscribe: view.subscribe,
    on: view.on,
    signIn,
    signOut: async () => {
      await ready;
      return signOut();
    },
    getAccessToken,
    fetch: authenticatedFetch({
      fetch: options.fetch,
      apiOrigins: options.apiOrigins,
      getAccessToken,
      renewAccessToken: (rejected) =>
        refresh(true, rejected).then(
          (tokens) => tokens.accessToken,
          () => undefined, // the state (signed out, with its reason) already says what happened
        ),
    }),
    dispose() {
      stopRefreshAhead?.();
      bindings.close();
      view.clear();
    },
  };
}
