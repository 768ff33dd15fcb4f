import { send } from './http.js';
import type { Context } from './options.js';
import { listAll, listPage } from './pagination.js';
import { requireId } from './params.js';
import { endpoints } from './paths.js';
import { data } from './response.js';
import type { ListParams, OAuthGrant, Page, RequestOptions } from './types.js';

/** `/oauth_grants`: the apps the user has let in ("connected apps"). */
export interface OAuthGrantsCalls {
  /**
   * Every grant, page after page (one request per page, as you iterate). `GET /oauth_grants`.
   * @throws {TypeError} when `page.number` or `page.size` is not a positive integer.
   * @see Telnyx OAuth API docs, "List OAuth grants"; Important Notes, "Pagination"
   * @example for await (const grant of telnyx.oauthGrants.list()) console.log(grant.client_id, grant.scopes)
   */
  list(params?: ListParams, options?: RequestOptions): AsyncGenerator<OAuthGrant, void, undefined>;
  /**
   * One page, with `meta.total_pages`. `GET /oauth_grants?page[number]=&page[size]=`.
   * @see Telnyx OAuth API docs, "List OAuth grants"; Important Notes, "Pagination"
   * @example const { data, meta } = await telnyx.oauthGrants.listPage({ page: { number: 1, size: 25 } })
   */
  listPage(params?: ListParams, options?: RequestOptions): Promise<Page<OAuthGrant>>;
  /**
   * `GET /oauth_grants/{id}`.
   * @see Telnyx OAuth API docs, "Get OAuth grant"
   * @throws {NotFoundError} for an unknown id.
   * @example const grant = await telnyx.oauthGrants.retrieve(grantId)
   */
  retrieve(id: string, options?: RequestOptions): Promise<OAuthGrant>;
  /**
   * Revokes a grant: the app loses access. `DELETE /oauth_grants/{id}`; answers the revoked grant.
   * @see Telnyx OAuth API docs, "Revoke OAuth grant"
   * @example await telnyx.oauthGrants.revoke(grant.id)
   */
  revoke(id: string, options?: RequestOptions): Promise<OAuthGrant>;
  /**
   * Ends every grant the user gave one client: `GET /oauth_grants` (every page), then
   * `DELETE /oauth_grants/{id}` for each grant of `clientId`; answers the revoked grants. Telnyx has no
   * RFC 7009 revocation endpoint, so this is how an app ends its own grant at sign-out, while its token
   * still works: call it before `login.signOut()`.
   * @see Telnyx OAuth API docs, "List OAuth grants", "Revoke OAuth grant"
   * @throws {MissingParameterError} without a `clientId`, before any request.
   * @example
   * await telnyx.oauthGrants.revokeForClient('my-client-id');
   * await login.signOut();
   */
  revokeForClient(clientId: string, options?: RequestOptions): Promise<OAuthGrant[]>;
}

/** @internal */
export function oauthGrantsCalls(ctx: Context): OAuthGrantsCalls {
  const calls: OAuthGrantsCalls = {
    list: (params, options) => listAll<OAuthGrant>(ctx, endpoints.listOAuthGrants, params, options),
    listPage: (params, options) => listPage<OAuthGrant>(ctx, endpoints.listOAuthGrants, params, options),
    async retrieve(id, options) {
      const params = { id: requireId(id, 'id', 'retrieve an OAuth grant') };
      return data<OAuthGrant>(await send(ctx, { endpoint: endpoints.retrieveOAuthGrant, params }, options));
    },
    async revoke(id, options) {
      const params = { id: requireId(id, 'id', 'revoke an OAuth grant') };
      return data<OAuthGrant>(await send(ctx, { endpoint: endpoints.revokeOAuthGrant, params }, options));
    },
    async revokeForClient(clientId, options) {
      requireId(clientId, 'clientId', "revoke a client's grants");
      // Every page first: deleting while paging would shift the pages under the listing.
      const mine: OAuthGrant[] = [];
      for await (const grant of calls.list(undefined, options)) if (grant.client_id === clientId) mine.push(grant);
      const revoked: OAuthGrant[] = [];
      for (const grant of mine) revoked.push(await calls.revoke(grant.id, options));
      return revoked;
    },
  };
  return calls;
}
