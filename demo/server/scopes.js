// The 32 scopes Telnyx's authorization server advertises (live metadata, 2026-10-08), each with the
// name and description a consent screen shows. One list for the local server, its portal, the demo
// and the tests. Names and descriptions are ours: Telnyx publishes none.

/** @typedef {{ id: string, name: string, description: string }} Scope */

/** Areas with a read and a write scope: `[area, name, what it covers]`. */
const AREAS = [
  ['account_management', 'Account management', 'your account settings, users and API keys'],
  ['ai', 'AI', 'AI assistants, inference and embeddings'],
  ['edge_compute', 'Edge compute', 'edge compute functions and their deployments'],
  ['enterprise_integrations', 'Enterprise integrations', 'enterprise and partner integrations'],
  ['fax', 'Fax', 'faxes and fax applications'],
  ['messaging', 'Messaging', 'SMS and MMS messages and messaging profiles'],
  ['networking', 'Networking', 'networks, interfaces and private connections'],
  ['numbers', 'Numbers', 'phone numbers, number orders and porting'],
  ['reporting', 'Reporting', 'usage reports and detail records'],
  ['speech', 'Speech', 'text-to-speech and speech-to-text'],
  ['storage', 'Storage', 'cloud storage buckets and objects'],
  ['verify', 'Verify', 'verification profiles and verifications'],
  ['video', 'Video', 'video rooms and recordings'],
  ['voice', 'Voice', 'calls, call control applications and recordings'],
  ['wireless', 'Wireless', 'SIM cards and wireless data'],
];

/** @type {readonly Scope[]} */
export const SCOPES = Object.freeze([
  ...AREAS.flatMap(([id, name, what]) => [
    { id: `${id}.read`, name: `${name}: read`, description: `See ${what}.` },
    { id: `${id}.write`, name: `${name}: write`, description: `Create, change and delete ${what}.` },
  ]),
  { id: 'billing.read', name: 'Billing: read', description: 'See your balance, invoices and payment history.' },
  {
    id: 'authentication_and_access.read',
    name: 'Authentication and access: read',
    description: 'See the OAuth apps you have connected and the OAuth clients of your account.',
  },
].map((scope) => Object.freeze(scope)));

/** Every scope identifier, in the order above. */
export const SCOPE_IDS = Object.freeze(SCOPES.map((scope) => scope.id));

/** The single scope of Telnyx's 2025 spec; refused unless the server's `adminScope` switch is on. */
export const ADMIN_SCOPE = Object.freeze({ id: 'admin', name: 'Administrator', description: 'Full access to your Telnyx account (legacy scope).' });

/** The catalogue entry for a scope identifier, or undefined when it is none of ours. @param {string} id */
export function scopeById(id) {
  return id === ADMIN_SCOPE.id ? ADMIN_SCOPE : SCOPES.find((scope) => scope.id === id);
}
