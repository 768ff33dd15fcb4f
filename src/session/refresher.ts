import { LoginError } from '../contract/errors.js';
import { toLoginError } from '../protocol/http.js';
import { refreshSession } from './refresh.js';
import type { Core } from './core.js';
import { takeTokens, type StoredTokens } from './tokens.js';

/**
 * Refreshes the session once per page at a time (and once across tabs, under the tab lock), then shows
 * what storage holds. `stale` is the access token the caller holds; `force` refreshes a token that still
 * looks fresh (the API refused it).
 */
export function createRefresher(core: Core): (force: boolean, stale: string | undefined) => Promise<StoredTokens> {
  const { view, bindings } = core;
  let refreshing: Promise<StoredTokens> | undefined;

  const run = async (force: boolean, stale: string | undefined): Promise<StoredTokens> => {
    const bound = await bindings.resolve();
    if (view.state.status === 'signed-in') view.setState({ ...view.state, refreshing: true });
    try {
      const next = await refreshSession({ as: await bindings.metadata(bound.options.issuer), options: bound.options, store: bound.session, stale, force });
      if (next.accessToken !== view.tokens?.accessToken) bound.channel.post();
      const shown = await core.show(bound, {});
      if (!shown) throw new LoginError('login_required', 'Signed out while the token was being refreshed');
      return shown;
    } catch (cause) {
      const error = toLoginError(cause, 'Refresh');
      if (error.code === 'invalid_client') {
        await takeTokens(bound.session);
        await bindings.forget(bound);
      }
      // The grant or the client is gone, or so is the session itself: it ends, in every tab.
      const reason = error.code === 'invalid_grant' || error.code === 'invalid_client' || error.code === 'login_required' ? error.code : undefined;
      if (reason) bound.channel.post();
      // Storage says whether the session ended; the tokens are kept when only the refresh failed.
      await core.show(bound, { reason, error: reason && error });
      throw error;
    }
  };

  return (force, stale) => (refreshing ??= run(force, stale).finally(() => (refreshing = undefined)));
}
