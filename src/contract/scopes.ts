/**
 * The 32 scopes Telnyx's authorization server grants today (`numbers.read`, `messaging.write`, ...).
 * Telnyx retired its single `admin` scope in 2026; asking for it is refused with `invalid_scope`.
 */
export type TelnyxScope =
  | `${
      | 'account_management'
      | 'ai'
      | 'edge_compute'
      | 'enterprise_integrations'
      | 'fax'
      | 'messaging'
      | 'networking'
      | 'numbers'
      | 'reporting'
      | 'speech'
      | 'storage'
      | 'verify'
      | 'video'
      | 'voice'
      | 'wireless'}.${'read' | 'write'}`
  | 'billing.read'
  | 'authentication_and_access.read';

/**
 * One scope: a Telnyx scope (offered by autocompletion) or any other server's scope string.
 * `string & {}` keeps the Telnyx names in the editor's suggestions while accepting every string.
 */
export type Scope = TelnyxScope | (string & {});
