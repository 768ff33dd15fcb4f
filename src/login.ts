import { checkSignIn, startSignIn } from './protocol/authorize.js';
import { createBindings, type Binding } from './session/binding.js';
import { completeSignIn, isCallback, withoutResponseParams, type CallbackResult } from './protocol/callback.js';
import { isArgumentError, LoginError } from './contract/errors.js';
import { authenticatedFetch } from './browser/fetch.js';
import { toLoginError } from './protocol/http.js';
import { normalizeOptions, type LoginOptions } from './contract/options.js';
import { dropPending } from './session/pending.js';
import { completePopupSignIn, openPopup, waitForPopup } from './browser/popup.js';
import { refreshSession } from './protocol/refresh.js';
import { refreshAhead } from './browser/refresh-ahead.js';
import { revokeToken } from './protocol/revoke.js';
import { createSession, type Outcome } from './session/state.js';
import { indexedDbStore, memoryStore, type Store } from './browser/storage.js';
import { isFresh, readTokens, storeSignIn, takeTokens, type StoredTokens } from './session/tokens.js';
import type { Login, LoginState, ServerRevocation, SignInOptions, SignOutResult } from './contract/types.js';

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
  const session = createSession();
  let refreshing: Promise<StoredTokens> | undefined;

  // Set once IndexedDB has failed in this page: from then on what a redirect leaves behind (the pending
  // sign-in, a zero-config client) lives in memory only, and would be gone when the redirect comes back.
  let storageFailure: LoginError | undefined;
  const warnStorage = (error: LoginError): void => {
    if (storageFailure) return;
    storageFailure = error;
    // Deferred: the first failure can happen inside createLogin(), before the app could listen.
    queueMicrotask(() => session.emit('warning', { code: 'storage_unavailable', error }));
  };
  /** `error`, or storage_unavailable when a missing pending sign-in is IndexedDB's doing, not the user's. */
  const blameStorage = (error: LoginError): LoginError =>
    error.code === 'no_pending_sign_in' && storageFailure
      ? new LoginError('storage_unavailable', 'Sign-in failed: this browser refuses IndexedDB here, so the sign-in started before cannot be found', { cause: storageFailure.cause })
      : error;
  const openStore = (name: string): Store => (options.storage === 'memory' ? memoryStore() : indexedDbStore(name, warnStorage));
  const bindings = createBindings({
    options,
    config: openStore(`telnyx-login:${options.issuer?.href ?? options.resource}`),
    openStore,
    onChange: () => void ready.then(() => reload(bindings.current, {})),
  });

  /** Shows what the session store holds now: the state is never set from a result, only from storage. */
  const reload = (bound: Binding | undefined, outcome: Outcome) =>
    session.reload(async () => (bound ? readTokens(bound.session) : undefined), outcome);

  /**
   * After a sign-in that failed, by redirect or by popup: a registered client the server refused is
   * forgotten, so the next sign-in registers again. Its pending sign-in is consumed already, or dropped by
   * the caller; nobody else's is touched.
   */
  const abandonSignIn = async (bound: Binding, error: LoginError): Promise<void> => {
    if (error.code === 'invalid_client') await bindings.forget(bound);
  };

  const finishSignIn = async (bound: Binding, result: CallbackResult): Promise<void> => {
    await storeSignIn(bound.session, result.tokens);
    bound.channel.post();
    await reload(bound, {});
  };

  const handleCallback = async (url: URL): Promise<void> => {
    session.setState({ status: 'signing-in' });
    const bound = await bindings.known();
    try {
      if (!bound) throw new LoginError('no_pending_sign_in', 'Sign-in failed: no sign-in was started in this browser');
      const result = await completeSignIn(await bindings.metadata(bound.options.issuer), bound.options, bound.session, url);
      await finishSignIn(bound, result);
      window.history.replaceState(window.history.state, '', result.returnTo);
    } catch (cause) {
      const error = blameStorage(toLoginError(cause, 'Sign-in'));
      if (bound) await abandonSignIn(bound, error);
      window.history.replaceState(window.history.state, '', withoutResponseParams(url).href);
      // A replayed callback (StrictMode's second effect, back button) must not end a session that works,
      // nor show an error beside it.
      const beside = error.code === 'no_pending_sign_in' ? undefined : error;
      await reload(bound, { quiet: true, error: beside, orElse: { status: 'signed-out', error } });
    }
  };

  const ready: Promise<LoginState> = (async () => {
    try {
      const url = new URL(window.location.href);
      if (isCallback(url, options.redirectUri)) {
        // In our popup, the opener completes the sign-in: this page only hands the response over.
        if (completePopupSignIn()) return session.state;
        await handleCallback(url);
      } else {
        await reload(await bindings.known(), { quiet: true, orElse: { status: 'signed-out' } });
      }
    } catch (cause) {
      session.setState({ status: 'error', error: toLoginError(cause, 'Loading the session') });
    }
    return session.state;
  })();

  const refresh = (force: boolean, stale: string | undefined): Promise<StoredTokens> =>
    (refreshing ??= (async () => {
      const bound = await bindings.resolve();
      if (session.state.status === 'signed-in') session.setState({ ...session.state, refreshing: true });
      try {
        const next = await refreshSession({ as: await bindings.metadata(bound.options.issuer), options: bound.options, store: bound.session, stale, force });
        if (next.accessToken !== session.tokens?.accessToken) bound.channel.post();
        const shown = await reload(bound, {});
        if (!shown) throw new LoginError('login_required', 'Signed out while the token was being refreshed');
        return shown;
      } catch (cause) {
        const error = toLoginError(cause, 'Refresh');
        if (error.code === 'invalid_client') {
          await takeTokens(bound.session);
          await bindings.forget(bound);
        }
        const reason = error.code === 'invalid_grant' || error.code === 'invalid_client' || error.code === 'login_required' ? error.code : undefined;
        if (reason) bound.channel.post();
        // Storage says whether the session ended; the tokens are kept when only the refresh failed.
        await reload(bound, { reason, error: reason && error });
        throw error;
      } finally {
        refreshing = undefined;
      }
    })());

  const stopRefreshAhead = options.autoRefresh
    ? refreshAhead({ tokens: () => session.tokens, leeway: options.refreshLeeway, refresh: (stale) => refresh(false, stale), subscribe: session.subscribe })
    : undefined;

  const getAccessToken = async (): Promise<string> => {
    await ready;
    const tokens = session.tokens;
    if (!tokens) throw new LoginError('login_required', 'Not signed in');
    if (isFresh(tokens, options.refreshLeeway, Date.now())) return tokens.accessToken;
    return (await refresh(false, tokens.accessToken)).accessToken;
  };

  const signIn = async (signInOptions: SignInOptions = {}): Promise<void> => {
    // Before any await: a popup opened later than the click is blocked.
    const popup = signInOptions.popup ? openPopup() : undefined;
    await ready;
    const previous = session.state;
    session.setState({ status: 'signing-in' });
    let started: { bound: Binding; state: string } | undefined;
    try {
      // Refused before any request, so nothing (metadata, a registration) is stored for a sign-in that cannot start.
      checkSignIn(signInOptions, window.location.href);
      const bound = await bindings.forSignIn();
      const as = await bindings.metadata(bound.options.issuer);
      const { url, state } = await startSignIn(as, bound.options, bound.session, signInOptions, window.location.href);
      started = { bound, state };
      if (!popup) {
        if (storageFailure) {
          throw new LoginError('storage_unavailable', 'Sign-in by redirect needs IndexedDB, which this browser refuses here (a private window, blocked site data): sign in with a popup', {
            cause: storageFailure.cause,
          });
        }
        return options.navigate(url.href);
      }
      popup.location.href = url.href;
      const callback = await waitForPopup(popup, options.redirectUri.origin);
      await finishSignIn(bound, await completeSignIn(as, bound.options, bound.session, callback));
    } catch (cause) {
      popup?.close();
      if (isArgumentError(cause)) {
        session.setState(previous);
        throw cause;
      }
      const error = toLoginError(cause, 'Sign-in');
      if (started) {
        // Only this sign-in's own pending sign-in goes: another tab's may be under way.
        await dropPending(started.bound.session, started.state);
        await abandonSignIn(started.bound, error);
      }
      session.showError(error);
      throw error;
    }
  };

  /** Revokes a session taken out of storage; a failure is a warning, the tokens are gone from this browser anyway. */
  const revoke = async (bound: Binding, taken: StoredTokens): Promise<ServerRevocation> => {
    try {
      const token = taken.refreshToken ?? taken.accessToken;
      const revoked = await revokeToken(await bindings.metadata(bound.options.issuer), bound.options, token, taken.refreshToken ? 'refresh_token' : 'access_token');
      return revoked ? 'revoked' : 'unsupported';
    } catch (cause) {
      session.emit('warning', { code: 'revocation_failed', error: toLoginError(cause, 'Revocation') });
      return 'failed';
    }
  };

  const signOut = async (): Promise<SignOutResult> => {
    await ready;
    const shown = bindings.current;
    const bound = await bindings.known();
    // The client this page showed and the one storage names now (another tab may have registered anew).
    const ending = [...new Set([shown, bound])].filter((each): each is Binding => each !== undefined);
    // Taken out of storage first, in one transaction each: a refresh still running finds its session gone
    // and revokes what it got, and nothing revives it.
    const taken = await Promise.all(ending.map(async (each) => ({ each, tokens: await takeTokens(each.session) })));
    for (const { each } of taken) each.channel.post();
    await reload(bound, { reason: 'user', orElse: { status: 'signed-out', reason: 'user' } });
    const results = await Promise.all(taken.flatMap(({ each, tokens }) => (tokens ? [revoke(each, tokens)] : [])));
    // Two sessions end only when another tab replaced the client: the least reassuring outcome is told.
    return { revocation: (['failed', 'unsupported', 'revoked'] as const).find((outcome) => results.includes(outcome)) ?? 'none' };
  };

  const fetch = authenticatedFetch({
    fetch: options.fetch,
    apiOrigins: options.apiOrigins,
    getAccessToken,
    renewAccessToken: async (rejected) => {
      try {
        return (await refresh(true, rejected)).accessToken;
      } catch {
        return undefined; // the state (signed out, with its reason) already says what happened
      }
    },
  });

  return {
    ready,
    get state() {
      return session.state;
    },
    subscribe: session.subscribe,
    on: session.on,
    signIn,
    signOut,
    getAccessToken,
    fetch,
    dispose() {
      stopRefreshAhead?.();
      bindings.close();
      session.clear();
    },
  };
}
