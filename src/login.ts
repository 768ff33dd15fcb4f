import type * as oauth from 'oauth4webapi';
import { checkSignIn, PENDING_KEY, startSignIn } from './authorize.js';
import { completeSignIn, isCallback, withoutResponseParams, type CallbackResult } from './callback.js';
import { discover } from './discovery.js';
import { isArgumentError, LoginError } from './errors.js';
import { authenticatedFetch } from './fetch.js';
import { toLoginError } from './http.js';
import { normalizeOptions, type BoundOptions, type LoginOptions } from './options.js';
import { completePopupSignIn, openPopup, waitForPopup } from './popup.js';
import { refreshSession } from './refresh.js';
import { forgetClient, registeredClientId } from './registration.js';
import { discoverIssuer, trustedIssuer } from './resource.js';
import { revokeToken } from './revoke.js';
import { indexedDbStore, memoryStore, type Store } from './storage.js';
import { openChannel, type Channel, type SyncMessage } from './sync.js';
import { isFresh, readTokens, TOKENS_KEY, type StoredTokens } from './tokens.js';
import type { Login, LoginEventMap, LoginState, SignInOptions, SignOutReason, SignOutResult } from './types.js';

/** The issuer and client this controller works with, once known, and what hangs off them. */
interface Binding {
  options: BoundOptions;
  session: Store;
  channel: Channel;
}

/**
 * The (issuer, client) found for one redirect URI: a client is registered per redirect URI (see
 * registration.ts), so a page with another redirect URI must not borrow this one's client_id.
 */
const bindingKey = (redirectUri: URL) => `binding:${redirectUri.href}`;

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
 *   issuer: 'https://api.telnyx.com/v2',
 *   clientId: 'my-client',
 *   redirectUri: `${location.origin}/callback`,
 *   scope: 'admin',
 *   apiOrigins: ['https://api.telnyx.com'],
 * });
 * await login.ready;
 * if (login.state.status === 'signed-out') await login.signIn();
 */
export function createLogin(input: LoginOptions): Login {
  const options = normalizeOptions(input);
  const stateListeners = new Set<(state: LoginState) => void>();
  const listeners = new Map<keyof LoginEventMap, Set<(event: never) => void>>();
  let state: LoginState = Object.freeze({ status: 'loading' });
  let tokens: StoredTokens | undefined;
  let binding: Binding | undefined;
  let discovered: { issuer: string; metadata: Promise<oauth.AuthorizationServer> } | undefined;
  let refreshing: Promise<StoredTokens> | undefined;
  let disposed = false;

  const emit = <K extends keyof LoginEventMap>(type: K, event: LoginEventMap[K]): void => {
    for (const listener of [...(listeners.get(type) ?? [])]) (listener as (event: LoginEventMap[K]) => void)(event);
  };
  let storageWarned = false;
  const warnStorage = (error: LoginError): void => {
    if (storageWarned) return;
    storageWarned = true;
    // Deferred: the first failure can happen inside createLogin(), before the app could listen.
    queueMicrotask(() => emit('warning', { code: 'storage_unavailable', error }));
  };
  const openStore = (name: string): Store => (options.storage === 'memory' ? memoryStore() : indexedDbStore(name, warnStorage));
  // Discovered metadata and registered clients, per issuer (or per resource when the issuer is found from it).
  const configStore = openStore(`telnyx-login:${options.issuer?.href ?? options.resource}`);

  const setState = (next: LoginState): void => {
    state = Object.freeze(next);
    for (const listener of [...stateListeners]) listener(state);
  };
  const showSignedIn = (session: StoredTokens, error?: LoginError): void =>
    setState({ status: 'signed-in', user: session.claims, expiresAt: session.expiresAt, scope: session.scope, error });
  const endSession = (reason: SignOutReason, error?: LoginError, tell = true): void => {
    tokens = undefined;
    setState({ status: 'signed-out', reason, error });
    emit('signed-out', { reason, error });
    if (tell) binding?.channel.post({ type: 'signed-out' });
  };

  const onSync = async (message: SyncMessage): Promise<void> => {
    await ready;
    if (message.type === 'signed-out') {
      if (tokens) endSession('other_tab', undefined, false);
      return;
    }
    const stored = binding && (await readTokens(binding.session));
    if (!stored) return;
    const wasSignedIn = tokens !== undefined;
    tokens = stored;
    showSignedIn(stored);
    if (wasSignedIn) emit('refreshed', { expiresAt: stored.expiresAt });
    else emit('signed-in', { user: stored.claims });
  };

  /** One session store and one channel per (issuer, client), made the first time they are known. */
  const bind = (issuer: URL, clientId: string): Binding => {
    if (binding && binding.options.issuer.href === issuer.href && binding.options.clientId === clientId) return binding;
    binding?.channel.close();
    const name = `telnyx-login:${issuer.href}:${clientId}`;
    binding = {
      options: Object.freeze({ ...options, issuer, clientId }),
      session: openStore(name),
      channel: disposed ? { post() {}, close() {} } : openChannel(name, (message) => void onSync(message)),
    };
    return binding;
  };
  /** The binding known without any request: from the options, or cached by an earlier sign-in. */
  const knownBinding = async (): Promise<Binding | undefined> => {
    if (options.issuer && options.clientId) return bind(options.issuer, options.clientId);
    const cached = await configStore.get<{ issuer?: unknown; clientId?: unknown }>(bindingKey(options.redirectUri));
    // Another version's record, or an edited one, is no binding: the next sign-in finds one anew.
    const issuer = typeof cached === 'object' && cached !== null ? trustedIssuer(cached.issuer, options) : undefined;
    const clientId = options.clientId ?? cached?.clientId;
    return issuer && typeof clientId === 'string' && clientId !== '' ? bind(issuer, clientId) : undefined;
  };
  /** The binding, discovering the issuer (RFC 9728) and registering a client (RFC 7591) when needed. */
  const resolveBinding = async (): Promise<Binding> => {
    const known = await knownBinding();
    if (known) return known;
    const issuer = options.issuer ?? (await discoverIssuer(new URL(options.resource!), options, configStore));
    const as = await metadata(issuer);
    const clientId = options.clientId ?? (await registeredClientId(as, options, configStore));
    await configStore.set(bindingKey(options.redirectUri), { issuer: issuer.href, clientId });
    return bind(issuer, clientId);
  };
  /** The issuer's metadata, discovered once per page: it depends on the issuer alone, not on the client. */
  const metadata = (issuer: URL): Promise<oauth.AuthorizationServer> => {
    if (discovered?.issuer !== issuer.href) {
      const pending = discover(issuer, options, configStore).catch((err: unknown) => {
        if (discovered?.metadata === pending) discovered = undefined; // a failed discovery is retried on the next call
        throw err;
      });
      discovered = { issuer: issuer.href, metadata: pending };
    }
    return discovered.metadata;
  };

  /** A registered client the server no longer knows: forget it, so the next sign-in registers again. */
  const forgetRegistration = async (bound: Binding): Promise<void> => {
    if (options.clientId !== undefined) return;
    await forgetClient(bound.options.issuer.href, options, configStore);
    await configStore.del(bindingKey(options.redirectUri));
  };

  /**
   * After a sign-in that failed, by redirect or by popup: nothing pending is left behind, and a registered
   * client the server refused (`invalid_client`) is forgotten, so the next sign-in registers again.
   */
  const abandonSignIn = async (bound: Binding, error: LoginError): Promise<void> => {
    await bound.session.del(PENDING_KEY);
    if (error.code === 'invalid_client') await forgetRegistration(bound);
  };

  const finishSignIn = async (bound: Binding, result: CallbackResult): Promise<void> => {
    await bound.session.set(TOKENS_KEY, result.tokens);
    tokens = result.tokens;
    showSignedIn(result.tokens);
    bound.channel.post({ type: 'signed-in' });
    emit('signed-in', { user: result.tokens.claims });
  };

  const handleCallback = async (url: URL): Promise<void> => {
    setState({ status: 'signing-in' });
    const bound = await knownBinding();
    const existing = bound && (await readTokens(bound.session));
    try {
      if (!bound) throw new LoginError('no_pending_sign_in', 'Sign-in failed: no sign-in was started in this browser');
      const result = await completeSignIn(await metadata(bound.options.issuer), bound.options, bound.session, url);
      await finishSignIn(bound, result);
      window.history.replaceState(window.history.state, '', result.returnTo);
    } catch (cause) {
      const error = toLoginError(cause, 'Sign-in');
      if (bound) await abandonSignIn(bound, error);
      window.history.replaceState(window.history.state, '', withoutResponseParams(url).href);
      // A replayed callback (StrictMode's second effect, back button) must not end a session that works.
      if (existing) {
        tokens = existing;
        showSignedIn(existing, error.code === 'no_pending_sign_in' ? undefined : error);
      } else {
        setState({ status: 'signed-out', error });
      }
    }
  };

  const ready: Promise<LoginState> = (async () => {
    try {
      const url = new URL(window.location.href);
      if (isCallback(url, options.redirectUri)) {
        // In our popup, the opener completes the sign-in: this page only hands the response over.
        if (completePopupSignIn()) return state;
        await handleCallback(url);
      } else {
        const bound = await knownBinding();
        tokens = bound && (await readTokens(bound.session));
        if (tokens) showSignedIn(tokens);
        else setState({ status: 'signed-out' });
      }
    } catch (cause) {
      setState({ status: 'error', error: toLoginError(cause, 'Loading the session') });
    }
    return state;
  })();

  const refresh = (force: boolean, stale: string | undefined): Promise<StoredTokens> =>
    (refreshing ??= (async () => {
      const bound = await resolveBinding();
      setState({ ...state, refreshing: true });
      try {
        const next = await refreshSession({ as: await metadata(bound.options.issuer), options: bound.options, store: bound.session, stale, force });
        const changed = next.accessToken !== tokens?.accessToken;
        tokens = next;
        showSignedIn(next);
        if (changed) {
          bound.channel.post({ type: 'refreshed' });
          emit('refreshed', { expiresAt: next.expiresAt });
        }
        return next;
      } catch (cause) {
        const error = toLoginError(cause, 'Refresh');
        if (error.code === 'invalid_client') {
          await bound.session.del(TOKENS_KEY);
          await forgetRegistration(bound);
        }
        if (error.code === 'invalid_grant' || error.code === 'invalid_client' || error.code === 'login_required') {
          endSession(error.code, error);
        } else if (tokens) {
          showSignedIn(tokens); // the tokens are kept; only the refresh failed
        }
        throw error;
      } finally {
        refreshing = undefined;
      }
    })());

  const getAccessToken = async (): Promise<string> => {
    await ready;
    if (!tokens) throw new LoginError('login_required', 'Not signed in');
    if (isFresh(tokens, options.refreshLeeway, Date.now())) return tokens.accessToken;
    return (await refresh(false, tokens.accessToken)).accessToken;
  };

  const signIn = async (signInOptions: SignInOptions = {}): Promise<void> => {
    // Before any await: a popup opened later than the click is blocked.
    const popup = signInOptions.popup ? openPopup() : undefined;
    await ready;
    const previous = state;
    setState({ status: 'signing-in' });
    try {
      // Refused before any request, so nothing (metadata, a registration) is stored for a sign-in that cannot start.
      checkSignIn(signInOptions, window.location.href);
      let bound = await resolveBinding();
      if (options.clientId === undefined && (await bound.session.get(PENDING_KEY)) !== undefined) {
        // A redirect with this registered client left and never came back: a server that no longer knows
        // a client (deleted, reset) says so on its own error page, never to us. Register anew rather than
        // send the user to the same dead end.
        await bound.session.del(PENDING_KEY);
        await forgetRegistration(bound);
        bound = await resolveBinding();
      }
      const as = await metadata(bound.options.issuer);
      const url = await startSignIn(as, bound.options, bound.session, signInOptions, window.location.href);
      if (!popup) return options.navigate(url.href);
      popup.location.href = url.href;
      const callback = await waitForPopup(popup, options.redirectUri.origin);
      await finishSignIn(bound, await completeSignIn(as, bound.options, bound.session, callback));
    } catch (cause) {
      popup?.close();
      if (isArgumentError(cause)) {
        setState(previous);
        throw cause;
      }
      const error = toLoginError(cause, 'Sign-in');
      if (binding) await abandonSignIn(binding, error);
      setState(tokens ? { ...previous, error } : { status: 'signed-out', error });
      throw error;
    }
  };

  const signOut = async (): Promise<SignOutResult> => {
    await ready;
    const bound = await knownBinding();
    if (!bound) {
      endSession('user');
      return { revocation: 'none' };
    }
    const session = tokens ?? (await readTokens(bound.session));
    // Forget locally first: whatever revocation does, this browser holds no tokens afterwards.
    await bound.session.del(TOKENS_KEY);
    await bound.session.del(PENDING_KEY);
    endSession('user');
    if (!session) return { revocation: 'none' };
    try {
      const token = session.refreshToken ?? session.accessToken;
      const revoked = await revokeToken(await metadata(bound.options.issuer), bound.options, token, session.refreshToken ? 'refresh_token' : 'access_token');
      return { revocation: revoked ? 'revoked' : 'unsupported' };
    } catch (cause) {
      emit('warning', { code: 'revocation_failed', error: toLoginError(cause, 'Revocation') });
      return { revocation: 'failed' };
    }
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
      return state;
    },
    subscribe(listener) {
      stateListeners.add(listener);
      return () => void stateListeners.delete(listener);
    },
    on(type, listener) {
      let set = listeners.get(type);
      if (!set) listeners.set(type, (set = new Set()));
      set.add(listener);
      return () => void set.delete(listener);
    },
    signIn,
    signOut,
    getAccessToken,
    fetch,
    dispose() {
      disposed = true;
      binding?.channel.close();
      stateListeners.clear();
      listeners.clear();
    },
  };
}
