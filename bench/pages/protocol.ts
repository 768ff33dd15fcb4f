// The protocol bench's app: telnyx-login signed in through its button, as an app would, with hooks for
// the bench to call getAccessToken() from many callers at once, in this tab and across tabs.
import { createLogin, type TelnyxScope } from '../../src/index.ts';
import type { TelnyxLoginButton } from '../../src/button/index.ts';
import '../../src/button/index.ts';

interface BenchConfig {
  issuer: string;
  clientId: string;
  scope: TelnyxScope[];
}

const config = (window as unknown as { BENCH_CONFIG: BenchConfig }).BENCH_CONFIG;
const login = createLogin({
  issuer: config.issuer,
  clientId: config.clientId,
  redirectUri: `${location.origin}/callback`,
  scope: config.scope,
  apiOrigins: [new URL(config.issuer).origin],
  allowInsecureLoopback: true,
});

const status = document.querySelector('[data-testid="status"]')!;
login.subscribe((state) => {
  status.textContent = state.status;
});
void login.ready.then((state) => {
  status.textContent = state.status;
});
document.querySelector<TelnyxLoginButton>('telnyx-login-button')!.login = login;

/** `n` callers asking for a token in the same turn; what they got back. */
async function callers(n: number) {
  const started = performance.now();
  const results = await Promise.allSettled(Array.from({ length: n }, () => login.getAccessToken()));
  const tokens = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const errors = results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as { code?: string }).code ?? r.reason)] : []));
  return { callers: n, fulfilled: tokens.length, distinctTokens: new Set(tokens).size, errors, ms: performance.now() - started };
}

// Every tab listens; one tab posts and starts too, so all tabs begin within one event-loop turn.
const go = new BroadcastChannel('telnyx-login-bench:go');
let burst: Promise<Awaited<ReturnType<typeof callers>>> | undefined;

Object.assign(window, {
  bench: {
    login,
    expiresAt: () => login.state.expiresAt,
    callers,
    arm(n: number) {
      burst = new Promise((resolve) => {
        go.onmessage = () => resolve(callers(n));
      });
    },
    fire(n: number) {
      go.postMessage('go');
      burst = callers(n);
    },
    result: () => burst,
  },
});
