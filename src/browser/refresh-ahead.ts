import { refreshDueAt, type StoredTokens } from '../session/tokens.js';
import type { LoginEnvironment } from './environment.js';

// setTimeout fires at once past 2^31 - 1 ms (about 24.8 days); longer waits are taken in steps.
const MAX_DELAY = 2 ** 31 - 1;

/** What {@link refreshAhead} needs from the controller. */
export interface RefreshAheadOptions {
  /** The tokens the state shows now; undefined when signed out. */
  tokens(): StoredTokens | undefined;
  /** Seconds before expiry a token is due ({@link refreshDueAt}). */
  leeway: number;
  /** Refreshes the session whose access token is `stale` (once across tabs). */
  refresh(stale: string): Promise<unknown>;
  /** Calls back on every state change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  env: LoginEnvironment;
}

/**
 * Refreshes the session when its access token is due, while the page is visible, so the state's
 * `expiresAt` moves as refreshes happen instead of at the next call. A hidden page waits: becoming visible
 * again, or the next `getAccessToken()`, refreshes it. A timed refresh that failed is not tried again on a
 * timer for the same token (the next call or visibility change tries), so a server that is down is not
 * hammered.
 * @returns stops it
 */
export function refreshAhead({ tokens, leeway, refresh, subscribe, env }: RefreshAheadOptions): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let tried: string | undefined;

  const schedule = (): void => {
    clearTimeout(timer);
    timer = undefined;
    const current = tokens();
    if (!current || current.accessToken === tried || !env.visible()) return;
    const due = refreshDueAt(current, leeway);
    if (due === undefined) return;
    const delay = Math.max(0, due - env.now());
    if (delay > MAX_DELAY) {
      timer = setTimeout(schedule, MAX_DELAY);
      return;
    }
    timer = setTimeout(() => {
      timer = undefined;
      tried = current.accessToken;
      // A failure is in the state already (a session that ended), or kept quiet (tokens kept).
      refresh(current.accessToken).catch(() => undefined);
    }, delay);
  };
  const onVisibility = (): void => {
    tried = undefined;
    schedule();
  };

  const stopWatching = env.onVisibilityChange(onVisibility);
  const unsubscribe = subscribe(schedule);
  schedule();
  return () => {
    clearTimeout(timer);
    stopWatching();
    unsubscribe();
  };
}
