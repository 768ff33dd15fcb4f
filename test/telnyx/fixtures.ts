// Records shaped field for field like the seeds' "Returns:" lists.
import type { OAuthClient, OAuthGrant } from '../../src/telnyx/index.js';

export function oauthClient(n: number, overrides: Partial<OAuthClient> = {}): OAuthClient {
  return {
    record_type: 'oauth_client',
    client_id: `client-${n}`,
    client_type: 'public',
    name: `App ${n}`,
    org_id: 'org-1',
    user_id: 'user-1',
    require_pkce: true,
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-02T00:00:00Z',
    allowed_grant_types: ['authorization_code', 'refresh_token'],
    allowed_scopes: ['admin'],
    client_secret: null,
    redirect_uris: ['https://app.example/callback'],
    logo_uri: 'https://app.example/logo.png',
    policy_uri: 'https://app.example/privacy',
    tos_uri: 'https://app.example/tos',
    ...overrides,
  };
}

export function oauthGrant(n: number, overrides: Partial<OAuthGrant> = {}): OAuthGrant {
  return {
    record_type: 'oauth_grant',
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    client_id: `client-${n}`,
    scopes: ['admin'],
    created_at: '2025-01-01T00:00:00Z',
    last_used_at: null,
    ...overrides,
  };
}
