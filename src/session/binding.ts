import type * as oauth from 'oauth4webapi';
import { discover } from '../protocol/discovery.js';
import { trustedIssuer, type BoundOptions, type NormalizedOptions } from '../contract/normalize.js';
import { hasPending } from './pending.js';
import type { Store } from '../contract/store.js';
import { noChannel, openChannel, type Channel } from '../browser/channel.js';
import { takeTokens } from './tokens.js';
import { bindingKey, PENDING, read, remove, sessionDatabase, update, write } from './schema.js';

/** The issuer and client a controller works with, once known, and what hangs off them. */
export interface Binding {
  options: BoundOptions;
  /** The session store of this (issuer, client): tokens, pending sign-ins, the refresh lease. */
  session: Store;
  channel: Channel;
}

/** What {@link createBindings} needs from the controller. */
export interface BindingContext {
  options: NormalizedOptions;
  /** Discovered metadata and registered clients, per issuer (or per resource when the issuer is found from it). */
  config: Store;
  openStore(name: string): Store;
  /** Another tab (or controller) changed the session in storage. */
  onChange(): void;
}

/** Finds, caches and replaces the controller's (issuer, client), one session store and channel each. */
export function createBindings({ options, config, openStore, onChange }: BindingContext) {
  let binding: Binding | undefined;
  let discovered: { issuer: string; metadata: Promise<oauth.AuthorizationServer> } | undefined;
  let closed = false;

  const bind = (issuer: URL, clientId: string): Binding => {
    if (binding && binding.options.issuer.href === issuer.href && binding.options.clientId === clientId) return binding;
    binding?.channel.close();
    const name = sessionDatabase(issuer.href, clientId);
    binding = {
      options: Object.freeze({ ...options, issuer, clientId }),
      session: openStore(name),
      channel: closed ? noChannel : openChannel(name, onChange, options.env),
    };
    return binding;
  };

  /** The binding known without any request: from the options, or cached by an earlier sign-in. */
  const known = async (): Promise<Binding | undefined> => {
    if (options.issuer && options.clientId) return bind(options.issuer, options.clientId);
    // Another version's record, an edited one, or one naming an issuer these options do not allow is no
    // binding: the next sign-in finds one anew.
    const cached = await read(config, bindingKey(options.redirectUri));
    const issuer = cached && trustedIssuer(cached.issuer, options);
    return cached && issuer ? bind(issuer, options.clientId ?? cached.clientId) : undefined;
  };

  /** The issuer's metadata, discovered once per page: it depends on the issuer alone, not on the client. */
  const metadata = (issuer: URL): Promise<oauth.AuthorizationServer> => {
    if (discovered?.issuer !== issuer.href) {
      const pending = discover(issuer, options, config).catch((err: unknown) => {
        if (discovered?.metadata === pending) discovered = undefined; // a failed discovery is retried on the next call
        throw err;
      });
      discovered = { issuer: issuer.href, metadata: pending };
    }
    return discovered.metadata;
  };

  /** The binding, discovering the issuer (RFC 9728) and registering a client (RFC 7591) when needed. */
  const resolve = async (): Promise<Binding> => {
    const cached = await known();
    if (cached) return cached;
    // normalizeOptions() made sure of the feature each missing option needs.
    const issuer = options.issuer ?? (await options.features.resource!.discoverIssuer(new URL(options.resource!), options, config));
    const as = await metadata(issuer);
    const clientId = options.clientId ?? (await options.features.registration!.registeredClientId(as, options, config));
    await write(config, bindingKey(options.redirectUri), { issuer: issuer.href, clientId });
    return bind(issuer, clientId);
  };

  /**
   * A registered client the server no longer knows: its session goes with it (its tokens are dead, and
   * no later sign-out could reach them), and the next sign-in registers again. Another tab's newer
   * registration stays.
   */
  const forget = async (bound: Binding): Promise<void> => {
    if (options.clientId !== undefined) return;
    const { issuer, clientId } = bound.options;
    await takeTokens(bound.session);
    await remove(bound.session, PENDING);
    bound.channel.post();
    await options.features.registration!.forgetClient(issuer.href, options, config, clientId);
    await update(config, bindingKey(options.redirectUri), (cached) => (cached?.clientId === clientId ? undefined : cached));
  };

  /**
   * The binding to start a sign-in with. A registered client with a sign-in outstanding (a redirect that
   * has not come back) is checked with the server first, and replaced only if the server says it is gone:
   * the sign-in may be under way in another tab, and a new client would strand it.
   */
  const forSignIn = async (): Promise<Binding> => {
    const bound = await resolve();
    if (options.clientId !== undefined || !(await hasPending(bound.session))) return bound;
    if (!(await options.features.registration!.clientIsGone(await metadata(bound.options.issuer), bound.options))) return bound;
    await forget(bound);
    return resolve();
  };

  return {
    get current() {
      return binding;
    },
    known,
    resolve,
    forSignIn,
    metadata,
    forget,
    close() {
      closed = true;
      binding?.channel.close();
    },
  };
}

/** A controller's bindings: see {@link createBindings}. */
export type Bindings = ReturnType<typeof createBindings>;
