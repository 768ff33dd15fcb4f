interface ImportMetaEnv {
  /** The issuer the demo signs in with; set by demo/vite.js. */
  readonly VITE_DEMO_ISSUER?: string;
  /** The API URL (RFC 9728 protected resource), the only thing zero-config mode knows; set by demo/vite.js. */
  readonly VITE_DEMO_API?: string;
}
