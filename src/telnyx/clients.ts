import { send } from './http.js';
import type { Context } from './options.js';
import { listAll, listPage } from './pagination.js';
import { requireId, requireParams } from './params.js';
import { endpoints } from './paths.js';
import { data } from './response.js';
import type {
  CreateOAuthClientParams,
  ListParams,
  OAuthClient,
  Page,
  RequestOptions,
  UpdateOAuthClientParams,
} from './types.js';

/** `/oauth_clients`: the OAuth applications the user has registered. */
export interface OAuthClientsCalls {
  /**
   * Every client, page after page (one request per page, as you iterate). `GET /oauth_clients`.
   * @throws {TypeError} when `page.number` or `page.size` is not a positive integer.
   * @see Telnyx OAuth API docs, "List OAuth clients"; Important Notes, "Pagination"
   * @example for await (const app of telnyx.oauthClients.list()) console.log(app.name)
   */
  list(params?: ListParams, options?: RequestOptions): AsyncGenerator<OAuthClient, void, undefined>;
  /**
   * One page, with `meta.total_pages`. `GET /oauth_clients?page[number]=&page[size]=`.
   * @see Telnyx OAuth API docs, "List OAuth clients"; Important Notes, "Pagination"
   * @example const { data, meta } = await telnyx.oauthClients.listPage({ page: { number: 2, size: 20 } })
   */
  listPage(params?: ListParams, options?: RequestOptions): Promise<Page<OAuthClient>>;
  /**
   * `POST /oauth_clients`.
   * @throws {MissingParameterError} without `name`, `allowed_scopes`, `client_type` or `allowed_grant_types`.
   * @see Telnyx OAuth API docs, "Create OAuth client"
   * @example await telnyx.oauthClients.create({ name: 'CLI', allowed_scopes: ['numbers.read'], client_type: 'public', allowed_grant_types: ['authorization_code'] })
   */
  create(params: CreateOAuthClientParams, options?: RequestOptions): Promise<OAuthClient>;
  /**
   * `GET /oauth_clients/{id}`.
   * @see Telnyx OAuth API docs, "Get OAuth client"
   * @throws {NotFoundError} for an unknown id.
   * @example const app = await telnyx.oauthClients.retrieve(clientId)
   */
  retrieve(id: string, options?: RequestOptions): Promise<OAuthClient>;
  /**
   * `PUT /oauth_clients/{id}` with only the fields to change.
   * @see Telnyx OAuth API docs, "Update OAuth client"
   * @example await telnyx.oauthClients.update(clientId, { redirect_uris: [`${location.origin}/callback`] })
   */
  update(id: string, params?: UpdateOAuthClientParams, options?: RequestOptions): Promise<OAuthClient>;
  /**
   * `DELETE /oauth_clients/{id}`.
   * @see Telnyx OAuth API docs, "Delete OAuth client"
   * @example await telnyx.oauthClients.delete(clientId)
   */
  delete(id: string, options?: RequestOptions): Promise<void>;
}

/** @internal */
export function oauthClientsCalls(ctx: Context): OAuthClientsCalls {
  return {
    list: (params, options) => listAll<OAuthClient>(ctx, endpoints.listOAuthClients, params, options),
    listPage: (params, options) => listPage<OAuthClient>(ctx, endpoints.listOAuthClients, params, options),
    async create(params, options) {
      requireParams(params, ['name', 'allowed_scopes', 'client_type', 'allowed_grant_types'], 'create an OAuth client');
      return data<OAuthClient>(await send(ctx, { endpoint: endpoints.createOAuthClient, body: params }, options));
    },
    async retrieve(id, options) {
      const params = { id: requireId(id, 'id', 'retrieve an OAuth client') };
      return data<OAuthClient>(await send(ctx, { endpoint: endpoints.retrieveOAuthClient, params }, options));
    },
    async update(id, body = {}, options) {
      const params = { id: requireId(id, 'id', 'update an OAuth client') };
      return data<OAuthClient>(await send(ctx, { endpoint: endpoints.updateOAuthClient, params, body }, options));
    },
    async delete(id, options) {
      const params = { id: requireId(id, 'id', 'delete an OAuth client') };
      // 204 No Content; a body, if any, carries nothing the caller needs.
      await send(ctx, { endpoint: endpoints.deleteOAuthClient, params }, options);
    },
  };
}
