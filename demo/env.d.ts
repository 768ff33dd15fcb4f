interface ImportMetaEnv {
  /** The issuer the demo signs in with; set by demo/vite.js. */
  readonly VITE_DEMO_ISSUER?: string;
}
