interface ImportMetaEnv {
  /** The issuer the demo signs in with; set by demo/vite.js. */
  readonly VITE_DEMO_ISSUER?: string;
  /** The API's resource identifier (RFC 9728 / RFC 8707), the only thing zero-config mode knows; set by demo/vite.js. */
  readonly VITE_DEMO_RESOURCE?: string;
  /** The REST API's base URL (the Telnyx module's `baseUrl`); set by demo/vite.js. */
  readonly VITE_DEMO_API?: string;
  /** The SDK's autoRefresh option; set by demo/vite.js. */
  readonly VITE_DEMO_AUTO_REFRESH?: boolean;
}
