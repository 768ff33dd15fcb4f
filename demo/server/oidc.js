// oidc-provider, loaded without its "Unsupported runtime" warning. It asks for Node 22 LTS or later on any
// older Node; this project's tools support Node ^20.19 || >=22.12 (Vite 8's range), its CI runs Node 20 and
// every local-server test passes there, so the warning would contradict the README on every run. Other
// notices are left alone.
const { warn } = console;
console.warn = (...args) => (String(args[0]).includes('Unsupported runtime') ? undefined : warn(...args));
let oidc;
try {
  oidc = await import('oidc-provider');
} finally {
  console.warn = warn;
}

export const { default: Provider, errors } = oidc;
