import type { ServerRevocation, SignOutResult } from '../contract/types.js';
import { toLoginError } from '../protocol/http.js';
import { revokeToken } from '../protocol/revoke.js';
import type { Binding } from './binding.js';
import type { Core } from './core.js';
import { takeTokens, type StoredTokens } from './tokens.js';

/** Ends the session in every tab, then revokes what it held where the server allows. */
export function signOutFlow(core: Core): () => Promise<SignOutResult> {
  const { view, bindings } = core;

  /** Revokes a session taken out of storage; a failure is a warning, the tokens are gone from this browser anyway. */
  const revoke = async (bound: Binding, taken: StoredTokens): Promise<ServerRevocation> => {
    try {
      const token = taken.refreshToken ?? taken.accessToken;
      const revoked = await revokeToken(await bindings.metadata(bound.options.issuer), bound.options, token, taken.refreshToken ? 'refresh_token' : 'access_token');
      return revoked ? 'revoked' : 'unsupported';
    } catch (cause) {
      view.emit('warning', { code: 'revocation_failed', error: toLoginError(cause, 'Revocation') });
      return 'failed';
    }
  };

  return async () => {
    const shown = bindings.current;
    const bound = await bindings.known();
    // The client this page showed and the one storage names now (another tab may have registered anew).
    const ending = [...new Set([shown, bound])].filter((each): each is Binding => each !== undefined);
    // Taken out of storage first, in one transaction each: a refresh still running finds its session gone
    // and revokes what it got, and nothing revives it.
    const taken = await Promise.all(ending.map(async (each) => ({ each, tokens: await takeTokens(each.session) })));
    for (const { each } of taken) each.channel.post();
    await core.show(bound, { reason: 'user', orElse: { status: 'signed-out', reason: 'user' } });
    const results = await Promise.all(taken.flatMap(({ each, tokens }) => (tokens ? [revoke(each, tokens)] : [])));
    // Two sessions end only when another tab replaced the client: the least reassuring outcome is told.
    return { revocation: (['failed', 'unsupported', 'revoked'] as const).find((outcome) => results.includes(outcome)) ?? 'none' };
  };
}
