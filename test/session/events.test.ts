// What listeners hear: one event per change of the session, with what changed, never one for a first look
// at storage; every listener of a kind hears it, until it unsubscribes or the controller is disposed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Login, LoginEventMap } from '../../src/index.js';
import { fakeServer } from '../helpers/fake-server.js';
import { freshIndexedDb, openApp, signedIn } from '../helpers/app.js';

beforeEach(freshIndexedDb);
afterEach(() => vi.useRealTimers());

/** Every event of `login`, in order, as `type` or `type:detail`. */
function record(login: Login): string[] {
  const seen: string[] = [];
  const detail: { [K in keyof LoginEventMap]: (event: LoginEventMap[K]) => string } = {
    'signed-in': (event) => `signed-in:${String(event.user?.sub)}`,
    'signed-out': (event) => `signed-out:${event.reason}:${String(event.error?.code)}`,
    refreshed: (event) => `refreshed:${event.expiresAt === login.state.expiresAt && event.expiresAt !== undefined}`,
    warning: (event) => `warning:${event.code}`,
  };
  const listen = <K extends keyof LoginEventMap>(type: K): void => {
    login.on(type, (event) => void seen.push(detail[type](event)));
  };
  for (const type of Object.keys(detail) as (keyof LoginEventMap)[]) listen(type);
  return seen;
}

describe('events', () => {
  it('a returning visit loads its stored session without a signed-in event; a refresh is "refreshed" with the new expiry; sign-out is "signed-out"', async () => {
    const server = fakeServer({ accessTokenTtl: 3600 });
    await signedIn(server);
    const { login } = openApp(server);
    const seen = record(login);
    expect((await login.ready).status).toBe('signed-in');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3600_000);
    await login.getAccessToken();
    await login.signOut();
    expect(seen).toEqual(['refreshed:true', 'signed-out:user:undefined']);
  });

  it('a sign-in in another tab is "signed-in" with the user; a refresh there is "refreshed" here', async () => {
    const server = fakeServer({ accessTokenTtl: 3600 });
    const { login } = openApp(server);
    await login.ready;
    const seen = record(login);
    const other = await signedIn(server);
    await vi.waitFor(() => expect(seen).toEqual(['signed-in:alice']), { timeout: 2000, interval: 5 });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3600_000);
    const renewed = await other.login.getAccessToken();
    await vi.waitFor(() => expect(seen).toEqual(['signed-in:alice', 'refreshed:true']), { timeout: 2000, interval: 5 });
    expect(await login.getAccessToken()).toBe(renewed);
  });

  it('every listener of a kind hears it; one that unsubscribed does not', async () => {
    const server = fakeServer();
    const { login } = await signedIn(server);
    const heard: string[] = [];
    login.on('signed-out', () => heard.push('first'));
    const off = login.on('signed-out', () => heard.push('second'));
    login.on('signed-out', () => heard.push('third'));
    off();
    await login.signOut();
    expect(heard).toEqual(['first', 'third']);
  });

  it('dispose() drops every listener: a later change reaches none', async () => {
    const server = fakeServer();
    const { login } = await signedIn(server);
    const heard: string[] = [];
    login.on('signed-out', (event) => heard.push(event.reason));
    login.subscribe((state) => heard.push(state.status));
    login.dispose();
    await login.signOut();
    expect(login.state.status).toBe('signed-out');
    expect(heard).toEqual([]);
  });
});
