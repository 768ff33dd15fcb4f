import { send } from './http.js';
import type { Context } from './options.js';
import { requireId, requireParams } from './params.js';
import { endpointUrl, endpoints } from './paths.js';
import { data, object } from './response.js';
import type {
  AuthorizeParams,
  ConsentDetails,
  CreateGrantParams,
  CreateGrantResponse,
  IntrospectParams,
  IntrospectionResponse,
  JwksResponse,
  RegisterClientParams,
  RegisterClientResponse,
  RequestOptions,
  TokenParams,
  TokenResponse,
} from './types.js';

/** The `/oauth/*` endpoints: authorization, consent, tokens, keys, registration. */
export interface OAuthCalls {
  /**
   * The URL of `GET /oauth/authorize` to send the browser to. Builds it; sends nothing.
   * `response_type` defaults to `code`. Use `createLogin().signIn()` for a complete PKCE sign-in.
   * @throws {MissingParameterError} without `client_id` or `redirect_uri`.
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
   * @see Telnyx OAuth API docs, "OAuth authorization endpoint"
   * @example
   * location.assign(telnyx.oauth.authorizeUrl({ client_id, redirect_uri, scope: 'admin', state, code_challenge, code_challenge_method: 'S256' }))
   */
  authorizeUrl(params: AuthorizeParams): URL;
  /**
   * What a consent screen shows: the client, its links and the scopes it asks for.
   * `GET /oauth/consent/{consent_token}`.
   * @throws {MissingParameterError} without `consentToken`.
   * @see Telnyx OAuth API docs, "Get OAuth consent token"
   * @example const { name, requested_scopes } = await telnyx.oauth.consent(consentToken)
   */
  consent(consentToken: string, options?: RequestOptions): Promise<ConsentDetails>;
  /**
   * Records the user's answer on a consent screen. `POST /oauth/grants` (not `/oauth_grants`).
   * @throws {MissingParameterError} without `allowed` or `consent_token`.
   * @see Telnyx OAuth API docs, "Create OAuth grant"
   * @example location.assign((await telnyx.oauth.createGrant({ allowed: true, consent_token })).redirect_uri)
   */
  createGrant(params: CreateGrantParams, options?: RequestOptions): Promise<CreateGrantResponse>;
  /**
   * Whether a token is active, and for whom. `POST /oauth/introspect`, form-encoded.
   * @throws {MissingParameterError} without `token`.
   * @see https://www.rfc-editor.org/rfc/rfc7662#section-2
   * @see Telnyx OAuth API docs, "Token introspection"
   * @example const { active, scope } = await telnyx.oauth.introspect({ token })
   */
  introspect(params: IntrospectParams, options?: RequestOptions): Promise<IntrospectionResponse>;
  /**
   * The key set that signs Telnyx's tokens. `GET /oauth/jwks`.
   * @see https://www.rfc-editor.org/rfc/rfc7517#section-5
   * @see Telnyx OAuth API docs, "JSON Web Key Set"
   * @example const { keys } = await telnyx.oauth.jwks()
   */
  jwks(options?: RequestOptions): Promise<JwksResponse>;
  /**
   * Dynamic client registration. `POST /oauth/register`, JSON.
   * @see https://www.rfc-editor.org/rfc/rfc7591#section-3.1
   * @see Telnyx OAuth API docs, "Dynamic client registration"
   * @example const { client_id } = await telnyx.oauth.register({ client_name: 'My app', redirect_uris, token_endpoint_auth_method: 'none' })
   */
  register(params?: RegisterClientParams, options?: RequestOptions): Promise<RegisterClientResponse>;
  /**
   * The token endpoint. `POST /oauth/token`, form-encoded.
   * @throws {MissingParameterError} without `grant_type`.
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3
   * @see Telnyx OAuth API docs, "OAuth token endpoint"
   * @example const { access_token } = await telnyx.oauth.token({ grant_type: 'authorization_code', code, code_verifier, redirect_uri, client_id })
   */
  token(params: TokenParams, options?: RequestOptions): Promise<TokenResponse>;
}

/** @internal */
export function oauthCalls(ctx: Context): OAuthCalls {
  return {
    authorizeUrl(params) {
      requireParams(params, ['client_id', 'redirect_uri'], 'build an authorization URL');
      const url = endpointUrl(ctx.baseUrl, endpoints.authorize);
      url.searchParams.set('response_type', params.response_type ?? 'code');
      for (const [key, value] of Object.entries(params)) if (value !== undefined && key !== 'response_type') url.searchParams.set(key, value);
      return url;
    },
    async consent(consentToken, options) {
      const consent_token = requireId(consentToken, 'consent_token', 'read a consent token');
      return data<ConsentDetails>(await send(ctx, { endpoint: endpoints.consent, params: { consent_token } }, options));
    },
    async createGrant(params, options) {
      requireParams(params, ['allowed', 'consent_token'], 'create an OAuth grant');
      return object<CreateGrantResponse>(await send(ctx, { endpoint: endpoints.createGrant, body: params }, options));
    },
    async introspect(params, options) {
      requireParams(params, ['token'], 'introspect a token');
      return object<IntrospectionResponse>(await send(ctx, { endpoint: endpoints.introspect, body: params }, options));
    },
    async jwks(options) {
      return object<JwksResponse>(await send(ctx, { endpoint: endpoints.jwks }, options));
    },
    async register(params = {}, options) {
      return object<RegisterClientResponse>(await send(ctx, { endpoint: endpoints.register, body: params }, options));
    },
    async token(params, options) {
      requireParams(params, ['grant_type'], 'call the token endpoint');
      return object<TokenResponse>(await send(ctx, { endpoint: endpoints.token, body: params }, options));
    },
  };
}
