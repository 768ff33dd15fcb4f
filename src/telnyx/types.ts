/**
 * Request and response shapes of the Telnyx OAuth API, field for field as the Telnyx docs name them.
 * Fields keep Telnyx's snake_case so a response can be compared with the docs at a glance.
 *
 * @see https://developers.telnyx.com/api-reference (OAuth, OAuth clients, OAuth grants)
 */

/** How a client authenticates at the token endpoint. @see https://www.rfc-editor.org/rfc/rfc7591#section-2 */
export type TokenEndpointAuthMethod = 'none' | 'client_secret_basic' | 'client_secret_post';

/** A public client (a browser app, no secret) or a confidential one (a server, with a secret). */
export type OAuthClientType = 'public' | 'confidential';

/** OAuth grant types Telnyx knows; any other string is accepted for forward compatibility. */
export type OAuthGrantType = 'authorization_code' | 'client_credentials' | 'refresh_token' | (string & {});

/** ISO 8601 date-time, as Telnyx sends it, e.g. `2025-01-31T12:00:00Z`. */
export type DateTimeString = string;

// ---- Well-known metadata -------------------------------------------------------------------------

/**
 * OAuth 2.0 Authorization Server Metadata.
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 */
export interface AuthorizationServerMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  response_types_supported: string[];
  code_challenge_methods_supported?: string[] | undefined;
  grant_types_supported?: string[] | undefined;
  introspection_endpoint?: string | undefined;
  jwks_uri?: string | undefined;
  registration_endpoint?: string | undefined;
  scopes_supported?: string[] | undefined;
  token_endpoint_auth_methods_supported?: string[] | undefined;
}

/**
 * OAuth 2.0 Protected Resource Metadata.
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-2
 */
export interface ProtectedResourceMetadata {
  resource: string;
  authorization_servers?: string[] | undefined;
}

// ---- /oauth_clients --------------------------------------------------------------------------------

/** An OAuth client (application) registered under the user's account. */
export interface OAuthClient {
  record_type: 'oauth_client';
  client_id: string;
  client_type: OAuthClientType;
  name: string;
  org_id: string;
  user_id: string;
  require_pkce: boolean;
  created_at: DateTimeString;
  updated_at: DateTimeString;
  allowed_grant_types?: OAuthGrantType[] | undefined;
  allowed_scopes?: string[] | undefined;
  /** Only for confidential clients, and only when Telnyx chooses to show it. */
  client_secret?: string | null | undefined;
  redirect_uris?: string[] | undefined;
  logo_uri?: string | null | undefined;
  policy_uri?: string | null | undefined;
  tos_uri?: string | null | undefined;
}

/** Body of `POST /oauth_clients`. */
export interface CreateOAuthClientParams {
  name: string;
  allowed_scopes: string[];
  client_type: OAuthClientType;
  allowed_grant_types: OAuthGrantType[];
  logo_uri?: string | undefined;
  policy_uri?: string | undefined;
  redirect_uris?: string[] | undefined;
  require_pkce?: boolean | undefined;
  tos_uri?: string | undefined;
}

/** Body of `PUT /oauth_clients/{id}`: only the fields to change. */
export interface UpdateOAuthClientParams {
  name?: string | undefined;
  allowed_grant_types?: OAuthGrantType[] | undefined;
  allowed_scopes?: string[] | undefined;
  logo_uri?: string | undefined;
  policy_uri?: string | undefined;
  redirect_uris?: string[] | undefined;
  require_pkce?: boolean | undefined;
  tos_uri?: string | undefined;
}

// ---- /oauth_grants ---------------------------------------------------------------------------------

/** Access the user granted to an OAuth client: one row of a "connected apps" page. */
export interface OAuthGrant {
  record_type: 'oauth_grant';
  /** UUID. */
  id: string;
  client_id: string;
  scopes: string[];
  created_at: DateTimeString;
  last_used_at?: DateTimeString | null | undefined;
}

// ---- Lists -----------------------------------------------------------------------------------------

/** Which page of a list to fetch: `page[number]` (from 1) and `page[size]`. */
export interface ListParams {
  page?: {
    /** @default 1 */
    number?: number | undefined;
    /** @default the server's page size */
    size?: number | undefined;
  } | undefined;
}

/** The `meta` of a list response. `total_pages` drives pagination. */
export interface PaginationMeta {
  total_pages: number;
  page_number?: number | undefined;
  page_size?: number | undefined;
  total_results?: number | undefined;
}

/** One page of a list, as Telnyx sends it. */
export interface Page<T> {
  data: T[];
  meta: PaginationMeta;
}

/** Options every call takes. */
export interface RequestOptions {
  /** Aborts the request, and any wait before a retry. */
  signal?: AbortSignal | undefined;
  /** Extra headers; they win over the module's own. */
  headers?: HeadersInit | undefined;
}

export type * from './oauth-types.js';
