import type * as oauth from 'oauth4webapi';
import { PENDING_KEY, startSignIn } from './authorize.js';
import { completeSignIn, isCallback, withoutResponseParams } from './callback.js';
import { discover } from './discovery.js';
import { LoginError } from './errors.js';
import { authenticatedFetch } from './fetch.js';
import { toLoginError } from './http.js';
import { normalizeOptions, type LoginOptions } from './options.js';
import { refreshSession } from './refresh.js';
import { revokeToken } from './revoke.js';
import { indexedDbStore, memoryStore, type Store } from './storage.js';
import { openChannel, type SyncMessage } from './sync.js';
import { isFresh, TOKENS_KEY, type StoredTokens } from './tokens.js';
import type { Login, LoginEventMap, LoginState, SignInOptions, SignOutReason } from './types.js';

/**
 * Creates the login controller for one (issuer, client) pair. Validates every option at once, then, in
 * `ready`, loads the stored session or completes the sign-in whose callback is in the address bar.
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
  let metadataPromise: Promise<oauth.AuthorizationServer> | undefined;
  let refreshing: Promise<StoredTokens> | undefined;

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
  // Metadata is per issuer; the session is per (issuer, client).
  const issuerStore = openStore(`telnyx-login:${options.issuer.href}`);
  const sessionStore = openStore(`telnyx-login:${options.issuer.href}:${options.clientId}`);

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
    if (tell) channel.post({ type: 'signed-out' });
  };

  const metadata = (): Promise<oauth.AuthorizationServer> =>
    (metadataPromise ??= discover(options, issuerStore).catch((err: unknown) => {
      metadataPromise = undefined; // a failed discovery is retried on the next call
      throw err;
    }));

  const onSync = async (message: SyncMessage): Promise<void> => {
    await ready;
    if (message.type === 'signed-out') {
      if (tokens) endSession('other_tab', undefined, false);
      return;
    }
    const stored = await sessionStore.get<StoredTokens>(TOKENS_KEY);
    if (!stored) return;
    const wasSignedIn = tokens !== undefined;
    tokens = stored;
    showSignedIn(stored);
    if (wasSignedIn) emit('refreshed', { expiresAt: stored.expiresAt });
    else emit('signed-in', { user: stored.claims });
  };
  const channel = openChannel(`telnyx-login:${options.issuer.href}:${options.clientId}`, (message) => void onSync(message));

  const replaceUrl = (url: string): void => {
    window.history.replaceState(window.history.state, '', url);
  };

  const handleCallback = async (url: URL): Promise<void> => {
    setState({ status: 'signing-in' });
    const existing = await sessionStore.get<StoredTokens>(TOKENS_KEY);
    try {
      const result = await completeSignIn(await metadata(), options, sessionStore, url);
      await sessionStore.set(TOKENS_KEY, result.tokens);
      tokens = result.tokens;
      replaceUrl(result.returnTo);
      showSignedIn(result.tokens);
      channel.post({ type: 'signed-in' });
      emit('signed-in', { user: result.tokens.claims });
    } catch (cause) {
      const error = toLoginError(cause, 'Sign-in');
      await sessionStore.del(PENDING_KEY);
      replaceUrl(withoutResponseParams(url).href);
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
        await handleCallback(url);
      } else {
        tokens = await sessionStore.get<StoredTokens>(TOKENS_KEY);
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
      try {
        const next = await refreshSession({ as: await metadata(), options, store: sessionStore, stale, force });
        const changed = next.accessToken !== tokens?.accessToken;
        tokens = next;
        showSignedIn(next);
        if (changed) {
          channel.post({ type: 'refreshed' });
          emit('refreshed', { expiresAt: next.expiresAt });
        }
        return next;
      } catch (cause) {
        const error = toLoginError(cause, 'Refresh');
        if (error.code === 'invalid_grant' || error.code === 'login_required') endSession(error.code, error);
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
    await ready;
    const previous = state;
    setState({ status: 'signing-in' });
    try {
      const url = await startSignIn(await metadata(), options, sessionStore, signInOptions, window.location.href);
      options.navigate(url.href);
    } catch (cause) {
      const error = cause instanceof TypeError ? cause : toLoginError(cause, 'Sign-in');
      setState({ ...previous, error: error instanceof LoginError ? error : previous.error });
      throw error;
    }
  };

  const signOut = async (): Promise<void> => {
    await ready;
    const session = tokens ?? (await sessionStore.get<StoredTokens>(TOKENS_KEY));
    // Forget locally first: whatever revocation does, this browser holds no tokens afterwards.
    await sessionStore.del(TOKENS_KEY);
    await sessionStore.del(PENDING_KEY);
    endSession('user');
    if (!session) return;
    try {
      const token = session.refreshToken ?? session.accessToken;
      await revokeToken(await metadata(), options, token, session.refreshToken ? 'refresh_token' : 'access_token');
    } catch (cause) {
      emit('warning', { code: 'revocation_failed', error: toLoginError(cause, 'Revocation') });
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
      channel.close();
      stateListeners.clear();
      listeners.clear();
    },
  };
}
