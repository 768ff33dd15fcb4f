// OAuth grants as Telnyx shows them (`oauth_grant` records), and revoking one: the grant and every
// token issued under it end, as DELETE /v2/oauth_grants/{id} does live (there is no RFC 7009 endpoint).

/** @param {number | undefined} epochSeconds */
const iso = (epochSeconds) => (typeof epochSeconds === 'number' ? new Date(epochSeconds * 1000).toISOString() : null);

/**
 * @param {import('oidc-provider').default} provider
 * @param {import('./store.js').MemoryStore} store
 * @param {Map<string, number>} lastUsed grantId -> epoch ms of the last API call with its tokens
 */
export function createGrants(provider, store, lastUsed) {
  /** @param {Record<string, any>} grant the stored Grant payload */
  function record(grant) {
    const scopes = new Set(String(grant.openid?.scope ?? '').split(' ').filter(Boolean));
    for (const scope of Object.values(grant.resources ?? {})) {
      for (const s of String(scope).split(' ').filter(Boolean)) scopes.add(s);
    }
    const used = lastUsed.get(grant.jti);
    return {
      record_type: 'oauth_grant',
      id: grant.jti,
      client_id: grant.clientId,
      scopes: [...scopes],
      created_at: iso(grant.iat),
      last_used_at: used === undefined ? null : new Date(used).toISOString(),
    };
  }

  /** @param {string} grantId */
  async function revoke(grantId) {
    await Promise.all([
      provider.AccessToken.revokeByGrantId(grantId),
      provider.RefreshToken.revokeByGrantId(grantId),
      provider.AuthorizationCode.revokeByGrantId(grantId),
    ]);
    await (await provider.Grant.find(grantId))?.destroy();
  }

  return {
    /** A user's grants, newest first, as records. @param {string} accountId */
    listFor: (accountId) =>
      store
        .list('Grant')
        .filter((grant) => grant.accountId === accountId)
        .reverse() // the store lists oldest first; grants of the same second stay newest first
        .sort((a, b) => b.iat - a.iat)
        .map(record),
    revoke,
    /** Ends every grant of a client (it was deleted). @param {string} clientId */
    async revokeClient(clientId) {
      const ids = store.list('Grant').filter((grant) => grant.clientId === clientId).map((grant) => String(grant.jti));
      await Promise.all(ids.map(revoke));
    },
  };
}

/** @typedef {ReturnType<typeof createGrants>} Grants */
