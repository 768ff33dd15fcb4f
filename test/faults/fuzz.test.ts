// Fuzz: random callback URLs from a seeded generator never cause an untyped throw and never sign anyone in,
// unless the URL is the legitimate response (right state, right iss, the code the server issued for this
// very sign-in), which must sign in. A token request is made only once state and iss have been validated.
//
// Reproduce a failure with its seed: FUZZ_SEED=<seed> npx vitest run test/faults/fuzz.test.ts
// The bulk drives completeSignIn() (the real callback code, with an in-memory store) for speed; a sample
// runs through whole controllers on real (fake-)IndexedDB, page load by page load.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSignIn as startAuthorization } from '../../src/protocol/authorize.js';
import { isCallback } from '../../src/protocol/callback.js';
import { completeSignIn } from '../../src/session/callback.js';
import { savePending } from '../../src/session/pending.js';
import { isLoginError, LoginError } from '../../src/contract/errors.js';
import type { BoundOptions } from '../../src/contract/normalize.js';
import { normalizeOptions } from '../../src/contract/normalize.js';
import { memoryStore } from '../../src/browser/storage.js';
import { PENDING } from '../../src/session/schema.js';
import { unsealed } from '../helpers/storage.js';
import { freshIndexedDb, openApp, visit } from '../helpers/app.js';
import { APP, CLIENT_ID, fakeServer, REDIRECT_URI } from '../helpers/fake-server.js';
import { readSession, startSignIn, tokenRequests } from './helpers.js';

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_2026) >>> 0;
const BULK = 10_000;
const CONTROLLERS = 1_000;

/** mulberry32: a tiny, fast, seedable PRNG returning floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = ReturnType<typeof generator>;
function generator(seed: number) {
  const next = mulberry32(seed);
  const int = (n: number) => Math.floor(next() * n);
  const chance = (p: number) => next() < p;
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, chance, pick };
}

const GARBAGE = ['%', '%%', '%ZZ', '%E0%A4%A', '%FF%FE', '%00', '%C0%AF', '+', '&', '&&', '=', '==', '#', '?', ';', '%26state%3D', '%0D%0A', '\u0000'];
const NAMES = ['code', 'state', 'iss', 'error', 'error_description', 'error_uri', 'session_state', 'response', 'id_token', 'token', 'scope', 'returnTo', 'redirect_uri', '', 'STATE', 'Code', 'iss ', 'state[]'];
const ERRORS = ['access_denied', 'server_error', 'temporarily_unavailable', 'invalid_request', 'login_required', '', '<script>', 'a'.repeat(300)];

/** A random string: ASCII, unicode (lone surrogates too), percent garbage, or very long. */
function junk(r: Random): string {
  switch (r.int(6)) {
    case 0:
      return Array.from({ length: r.int(24) }, () => String.fromCharCode(32 + r.int(95))).join('');
    case 1:
      return Array.from({ length: 1 + r.int(12) }, () => String.fromCodePoint(r.chance(0.1) ? 0xd800 + r.int(0x800) : r.int(0x10ffff - 0xe000) + (r.chance(0.5) ? 0 : 0xe000))).join('');
    case 2:
      return Array.from({ length: 1 + r.int(6) }, () => r.pick(GARBAGE)).join('');
    case 3:
      return 'x'.repeat(4_000 + r.int(60_000));
    case 4:
      return '';
    default:
      return Math.floor(r.next() * 1e12).toString(36);
  }
}

/** Encodes most values, and leaves some raw (and lone surrogates, which cannot be encoded), so the URL parser sees garbage too. */
function emit(r: Random, value: string): string {
  if (!r.chance(0.8)) return value;
  try {
    return encodeURIComponent(value);
  } catch {
    return value;
  }
}

interface Legit {
  state: string | undefined;
  code: string | undefined;
  issuer: string;
}

/**
 * A callback URL: at the redirect URI (mostly), with 0-2 each of code, state and iss (right, wrong or
 * junk), sometimes an error, and random other parameters and raw garbage, shuffled.
 */
function callbackUrl(r: Random, legit: Legit): string {
  const parts: string[] = [];
  const add = (name: string, value: string) => parts.push(`${emit(r, name)}=${emit(r, value)}`);
  const some = (name: string, right: string | undefined, pRight: number) => {
    const count = r.chance(0.85) ? 1 : r.pick([0, 0, 2]);
    for (let i = 0; i < count; i++) add(name, right !== undefined && r.chance(pRight) ? right : junk(r));
  };
  some('code', legit.code, 0.6);
  some('state', legit.state, 0.6);
  some('iss', legit.issuer, 0.7);
  if (r.chance(0.25)) add('error', r.pick(ERRORS));
  if (r.chance(0.15)) add('error_description', junk(r));
  for (let i = r.int(4); i > 0; i--) (r.chance(0.5) ? add(r.pick(NAMES), junk(r)) : parts.push(r.pick(GARBAGE)));
  for (let i = parts.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [parts[i], parts[j]] = [parts[j]!, parts[i]!];
  }
  const base = r.chance(0.95) ? REDIRECT_URI : r.pick([`${REDIRECT_URI}/`, `${APP}/`, `${REDIRECT_URI}x`]);
  return `${base}?${parts.join('&')}${r.chance(0.05) ? `#${junk(r)}` : ''}`;
}

/** What the parsed URL is, by the rules the SDK promises. */
function classify(url: URL, legit: Legit) {
  const q = url.searchParams;
  const one = (name: string, value: string | undefined) => value !== undefined && q.getAll(name).length === 1 && q.get(name) === value;
  const errors = q.getAll('error');
  const validated = one('state', legit.state) && one('iss', legit.issuer) && (errors.length === 0 || (errors.length === 1 && errors[0] === ''));
  return {
    validated,
    legitimate: validated && errors.length === 0 && one('code', legit.code) && !q.has('response') && !q.has('id_token') && !q.has('token'),
    carriesIssuedCode: one('code', legit.code),
    /** Names the pending sign-in (one `state`, its own), so consumes it whatever else is wrong; any other leaves it. */
    namesSignIn: one('state', legit.state),
  };
}

const describeUrl = (seed: number, index: number, url: string) => `seed ${seed} #${index}: ${url.length > 300 ? `${url.slice(0, 300)}… (${url.length} chars)` : url}`;

describe(`fuzz: ${BULK} random callback URLs (seed ${SEED}; FUZZ_SEED=${SEED} to reproduce)`, () => {
  const stats = { callbacks: 0, notCallbacks: 0, signedIn: 0, tokenRequests: 0, codes: new Map<string, number>(), ms: 0 };
  beforeAll(() => console.log(`fuzz seed: ${SEED} (FUZZ_SEED=${SEED} npx vitest run test/faults/fuzz.test.ts)`));
  afterAll(() => console.log(`fuzz: ${JSON.stringify({ ...stats, codes: Object.fromEntries(stats.codes) })}`));

  it(`callback: ${BULK} URLs through completeSignIn → a LoginError or, for the legitimate response only, a session; token requests only after state and iss pass`, async () => {
    const started = performance.now();
    const r = generator(SEED);
    const server = fakeServer();
    const as = server.metadata;
    const options = normalizeOptions({ issuer: server.issuer, clientId: CLIENT_ID, redirectUri: REDIRECT_URI, scope: 'openid profile admin', fetch: server.fetch }) as BoundOptions;

    for (let i = 0; i < BULK; i++) {
      const store = memoryStore();
      let legit: Legit = { state: undefined, code: undefined, issuer: server.issuer };
      if (r.chance(0.85)) {
        const authorization = await startAuthorization(as, options, {}, `${APP}/`);
        await savePending(store, authorization.pending);
        const back = new URL(await server.authorize(authorization.url.href));
        legit = { state: back.searchParams.get('state')!, code: back.searchParams.get('code')!, issuer: server.issuer };
      }
      const raw = callbackUrl(r, legit);
      const url = new URL(raw);
      const where = describeUrl(SEED, i, raw);
      if (!isCallback(url, options.redirectUri)) {
        stats.notCallbacks++;
        continue; // the controller only loads the stored session on such a page
      }
      stats.callbacks++;
      const { validated, legitimate, carriesIssuedCode, namesSignIn } = classify(url, legit);
      const requestsBefore = tokenRequests(server);
      let outcome: { ok: true } | { ok: false; error: unknown };
      try {
        await completeSignIn(as, options, store, url);
        outcome = { ok: true };
      } catch (error) {
        outcome = { ok: false, error };
      }
      const requests = tokenRequests(server) - requestsBefore;
      stats.tokenRequests += requests;
      if (outcome.ok) stats.signedIn++;
      else if (isLoginError(outcome.error)) stats.codes.set(outcome.error.code, (stats.codes.get(outcome.error.code) ?? 0) + 1);

      if (!outcome.ok) expect(outcome.error, where).toBeInstanceOf(LoginError);
      if (outcome.ok) expect(validated && carriesIssuedCode, where).toBe(true);
      if (legitimate) expect(outcome, where).toEqual({ ok: true });
      expect(requests, where).toBeLessThanOrEqual(validated ? 1 : 0);
      expect(unsealed(await store.get(PENDING.name)), where).toEqual(legit.state === undefined || namesSignIn ? undefined : { [legit.state]: expect.anything() });
      server.log.length = 0; // keep memory flat; counts above are per URL
    }
    stats.ms = Math.round(performance.now() - started);
    expect(stats.callbacks + stats.notCallbacks).toBe(BULK);
    // The generator must reach every class, or the run proves little.
    expect(stats.signedIn).toBeGreaterThan(50);
    for (const code of ['state_mismatch', 'state_missing', 'issuer_mismatch', 'issuer_missing', 'access_denied', 'authorization_error', 'invalid_callback', 'no_pending_sign_in', 'invalid_grant']) {
      expect(stats.codes.get(code) ?? 0, code).toBeGreaterThan(0);
    }
  }, 120_000);

  it(`callback: ${CONTROLLERS} URLs through whole controllers → ready resolves, never signed-in unless legitimate, a typed error, only its own sign-in consumed, URL cleaned`, async () => {
    const r = generator(SEED ^ 0x9e3779b9);
    const server = fakeServer();
    let signedIn = 0;
    for (let i = 0; i < CONTROLLERS; i++) {
      await freshIndexedDb();
      let legit: Legit = { state: undefined, code: undefined, issuer: server.issuer };
      if (r.chance(0.85)) {
        const { callback, state } = await startSignIn(server);
        legit = { state, code: callback.searchParams.get('code')!, issuer: server.issuer };
      }
      const raw = callbackUrl(r, legit);
      const where = describeUrl(SEED ^ 0x9e3779b9, i, raw);
      const url = new URL(raw);
      const requestsBefore = tokenRequests(server);
      visit(raw);
      const { login } = openApp(server);
      const state = await login.ready.catch((err: unknown) => expect.unreachable(`ready rejected (${String(err)}) for ${where}`));
      login.dispose();
      const requests = tokenRequests(server) - requestsBefore;
      const session = await readSession();
      if (!isCallback(url, new URL(REDIRECT_URI))) {
        // Not the callback page: the pending sign-in waits, untouched, for the real callback.
        expect(state, where).toEqual({ status: 'signed-out' });
        expect(session.pending?.state, where).toBe(legit.state);
        expect(requests, where).toBe(0);
        continue;
      }
      const { validated, legitimate, carriesIssuedCode, namesSignIn } = classify(url, legit);
      expect(session.pending?.state, where).toBe(namesSignIn ? undefined : legit.state);
      for (const name of ['code', 'state', 'iss', 'error']) expect(new URL(window.location.href).searchParams.has(name), where).toBe(false);
      expect(requests, where).toBeLessThanOrEqual(validated ? 1 : 0);
      if (state.status === 'signed-in') {
        signedIn++;
        expect(validated && carriesIssuedCode, where).toBe(true);
        expect(session.tokens?.accessToken, where).toMatch(/^at-/);
      } else {
        expect(legitimate, where).toBe(false);
        expect(state.status, where).toBe('signed-out');
        expect(state.error, where).toBeInstanceOf(LoginError);
        expect(session.tokens, where).toBeUndefined();
      }
    }
    expect(signedIn).toBeGreaterThan(5);
  }, 120_000);
});
