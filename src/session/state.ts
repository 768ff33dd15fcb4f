import type { LoginError } from '../contract/errors.js';
import type { StoredTokens } from './tokens.js';
import type { LoginEventMap, LoginState, SignOutReason } from '../contract/types.js';

/** How a change of the stored session is shown. */
export interface Outcome {
  /** Why, when the change ends the session shown. @default 'other_tab' */
  reason?: SignOutReason | undefined;
  /** What went wrong, kept on the state that results. */
  error?: LoginError | undefined;
  /** The state to show when there was no session and still is none. @default the state is left as it is */
  orElse?: LoginState | undefined;
  /** A first look at storage, not a change: no events. */
  quiet?: boolean | undefined;
}

/** The controller's view of the session: its state, its events, and the tokens it shows. */
export interface SessionView {
  readonly state: LoginState;
  /** The tokens the state shows; undefined unless signed in. */
  readonly tokens: StoredTokens | undefined;
  setState(next: LoginState): void;
  /** Shows `error` beside the session shown: signed in with it, or signed out with it. */
  showError(error: LoginError): void;
  /**
   * Shows what `read()` finds in storage. Calls run one at a time, in order, each reading only once the
   * previous one is shown: storage is the one place the session lives, so a result that arrives late
   * (a refresh that lost to a sign-out) never reaches the state, and the last call always shows the
   * latest storage. Resolves with the tokens shown afterwards.
   */
  reload(read: () => Promise<StoredTokens | undefined>, outcome: Outcome): Promise<StoredTokens | undefined>;
  emit<K extends keyof LoginEventMap>(type: K, event: LoginEventMap[K]): void;
  subscribe(listener: (state: LoginState) => void): () => void;
  on<K extends keyof LoginEventMap>(type: K, listener: (event: LoginEventMap[K]) => void): () => void;
  clear(): void;
}

/** A {@link SessionView}, loading. */
export function createSessionView(): SessionView {
  const stateListeners = new Set<(state: LoginState) => void>();
  const listeners = new Map<keyof LoginEventMap, Set<(event: never) => void>>();
  let state: LoginState = Object.freeze({ status: 'loading' });
  let tokens: StoredTokens | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  const emit = <K extends keyof LoginEventMap>(type: K, event: LoginEventMap[K]): void => {
    for (const listener of [...(listeners.get(type) ?? [])]) (listener as (event: LoginEventMap[K]) => void)(event);
  };
  const setState = (next: LoginState): void => {
    state = Object.freeze(next);
    for (const listener of [...stateListeners]) listener(state);
  };

  const signedIn = (shown: StoredTokens, error: LoginError | undefined): LoginState =>
    ({ status: 'signed-in', user: shown.claims, expiresAt: shown.expiresAt, scope: shown.scope, error });

  const show = (stored: StoredTokens | undefined, { reason = 'other_tab', error, orElse, quiet }: Outcome): void => {
    const shown = tokens;
    tokens = stored;
    if (stored) {
      setState(signedIn(stored, error));
      if (quiet) return;
      if (shown?.sid !== stored.sid) emit('signed-in', { user: stored.claims });
      else if (shown.accessToken !== stored.accessToken) emit('refreshed', { expiresAt: stored.expiresAt });
    } else if (shown) {
      setState({ status: 'signed-out', reason, error });
      if (!quiet) emit('signed-out', { reason, error });
    } else if (orElse) {
      setState(orElse);
    }
  };

  return {
    get state() {
      return state;
    },
    get tokens() {
      return tokens;
    },
    setState,
    showError: (error) => setState(tokens ? signedIn(tokens, error) : { status: 'signed-out', error }),
    reload(read, outcome) {
      const shown = queue.then(async () => {
        show(await read(), outcome);
        return tokens;
      });
      queue = shown.catch(() => undefined);
      return shown;
    },
    emit,
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
    clear() {
      stateListeners.clear();
      listeners.clear();
    },
  };
}
