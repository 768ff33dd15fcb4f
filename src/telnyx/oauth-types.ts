// Types of the /oauth/* endpoints (authorize, consent, grants, introspection, JWKS, registration, token).
import type { TokenEndpointAuthMethod, OAuthGrantType } from './types.js';

// ---- /oauth/* --------------------------------------------------------------------------------------

/**
 * Query parameters of `GET /oauth/authorize`. Any further parameter (`resource`, `nonce`, `prompt`...)
 * is passed through as given.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 */
export interface AuthorizeParams {
  client_id: string;
  redirect_uri: string;
  /** @default 'code' */
  response_type?: 'code' | undefined;
  scope?: string | undefined;
  state?: string | undefined;
  code_challenge?: string | undefined;
  code_challenge_method?: 'S256' | 'plain' | undefined;
  [parameter: string]: string | undefined;
}

/** One scope on a consent screen. */
export interface RequestedScope {
  id?: string | undefined;
  name?: string | undefined;
  description?: string | undefined;
}

/** What `GET /oauth/consent/{consent_token}` tells a consent screen about the request. */
export interface ConsentDetails {
  client_id: string;
  name: string;
  redirect_uri: string;
  requested_scopes: RequestedScope[];
  verified: boolean;
  logo_uri?: string | null | undefined;
  policy_uri?: string | null | undefined;
  tos_uri?: string | null | undefined;
}

/** Body of `POST /oauth/grants`: the user's answer on a consent screen. */
export interface CreateGrantParams {
  allowed: boolean;
  consent_token: string;
}

/** Answer of `POST /oauth/grants`: where to send the browser next (with a code, or an error). */
export interface CreateGrantResponse {
  redirect_uri: string;
}

/** Body of `POST /oauth/introspect`. @see https://www.rfc-editor.org/rfc/rfc7662#section-2.1 */
export interface IntrospectParams {
  token: string;
}

/** @see https://www.rfc-editor.org/rfc/rfc7662#section-2.2 */
export interface IntrospectionResponse {
  active: boolean;
  aud?: string | undefined;
  client_id?: string | undefined;
  exp?: number | undefined;
  iat?: number | undefined;
  iss?: string | undefined;
  scope?: string | undefined;
}

/** A public key from `GET /oauth/jwks`. @see https://www.rfc-editor.org/rfc/rfc7517#section-4 */
export interface TelnyxJwk extends JsonWebKey {
  kid?: string | undefined;
  [parameter: string]: unknown;
}

/** @see https://www.rfc-editor.org/rfc/rfc7517#section-5 */
export interface JwksResponse {
  keys: TelnyxJwk[];
}

/** Body of `POST /oauth/register` (every field optional). @see https://www.rfc-editor.org/rfc/rfc7591#section-2 */
export interface RegisterClientParams {
  client_name?: string | undefined;
  grant_types?: OAuthGrantType[] | undefined;
  logo_uri?: string | undefined;
  policy_uri?: string | undefined;
  redirect_uris?: string[] | undefined;
  response_types?: string[] | undefined;
  scope?: string | undefined;
  token_endpoint_auth_method?: TokenEndpointAuthMethod | undefined;
  tos_uri?: string | undefined;
}

/** @see https://www.rfc-editor.org/rfc/rfc7591#section-3.2.1 */
export interface RegisterClientResponse {
  client_id: string;
  client_id_issued_at?: number | undefined;
  client_name?: string | undefined;
  client_secret?: string | undefined;
  grant_types?: string[] | undefined;
  logo_uri?: string | undefined;
  policy_uri?: string | undefined;
  redirect_uris?: string[] | undefined;
  response_types?: string[] | undefined;
  scope?: string | undefined;
  token_endpoint_auth_method?: string | undefined;
  tos_uri?: string | undefined;
}

/** Body of `POST /oauth/token`. @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3 */
export interface TokenParams {
  grant_type: 'authorization_code' | 'client_credentials' | 'refresh_token';
  client_id?: string | undefined;
  client_secret?: string | undefined;
  code?: string | undefined;
  code_verifier?: string | undefined;
  redirect_uri?: string | undefined;
  refresh_token?: string | undefined;
  scope?: string | undefined;
}

/** @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1 */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token?: string | undefined;
  scope?: string | undefined;
}
