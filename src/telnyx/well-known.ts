import { send } from './http.js';
import type { Context } from './options.js';
import { endpoints } from './paths.js';
import { object } from './response.js';
import type { AuthorizationServerMetadata, ProtectedResourceMetadata, RequestOptions } from './types.js';

/** The two metadata documents, where Telnyx serves them: at the root, beside the base URL's `/v2`. */
export interface WellKnownCalls {
  /**
   * `GET /.well-known/oauth-authorization-server`.
   * @see https://www.rfc-editor.org/rfc/rfc8414#section-3
   * @see Telnyx OAuth API docs, "Authorization server metadata"
   * @example const { token_endpoint } = await telnyx.wellKnown.authorizationServer()
   */
  authorizationServer(options?: RequestOptions): Promise<AuthorizationServerMetadata>;
  /**
   * `GET /.well-known/oauth-protected-resource`.
   * @see https://www.rfc-editor.org/rfc/rfc9728#section-3
   * @see Telnyx OAuth API docs, "Protected resource metadata"
   * @example const { authorization_servers } = await telnyx.wellKnown.protectedResource()
   */
  protectedResource(options?: RequestOptions): Promise<ProtectedResourceMetadata>;
}

/** @internal */
export function wellKnownCalls(ctx: Context): WellKnownCalls {
  return {
    async authorizationServer(options) {
      return object<AuthorizationServerMetadata>(await send(ctx, { endpoint: endpoints.authorizationServerMetadata }, options));
    },
    async protectedResource(options) {
      return object<ProtectedResourceMetadata>(await send(ctx, { endpoint: endpoints.protectedResourceMetadata }, options));
    },
  };
}
