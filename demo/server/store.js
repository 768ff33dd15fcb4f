// In-memory storage for oidc-provider models, via its documented `adapter` option.
// oidc-provider ships a memory adapter too, but it cannot list what it holds; the demo API
// needs to list grants and registered clients, so this one keeps a Map per server instance.

/** Models whose records belong to a grant and go away with it. */
const GRANTABLE = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
]);

/**
 * @typedef {Record<string, any>} Payload
 * @typedef {{ payload: Payload, expiresAt: number }} Entry
 */

/** One store per server, so servers started side by side in tests never share tokens. */
export class MemoryStore {
  /** @type {Map<string, Entry>} */
  #entries = new Map();
  /** @type {Map<string, Set<string>>} grantId -> keys of grantable records */
  #byGrant = new Map();
  /** @type {Map<string, string>} secondary indexes (session uid, user code) -> key */
  #index = new Map();

  /** @param {string} key */
  get(key) {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    // Expired records are dropped on read rather than by timers: nothing to clean up on close.
    if (entry.expiresAt <= Date.now()) {
      this.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  /** @param {string} key @param {Payload} payload @param {number | undefined} expiresIn seconds */
  set(key, payload, expiresIn) {
    this.delete(key);
    const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Infinity;
    this.#entries.set(key, { payload, expiresAt });
    const model = key.slice(0, key.indexOf(':'));
    if (GRANTABLE.has(model) && typeof payload.grantId === 'string') {
      let keys = this.#byGrant.get(payload.grantId);
      if (!keys) this.#byGrant.set(payload.grantId, (keys = new Set()));
      keys.add(key);
    }
    if (model === 'Session' && typeof payload.uid === 'string') this.#index.set(`sessionUid:${payload.uid}`, key);
    if (typeof payload.userCode === 'string') this.#index.set(`userCode:${payload.userCode}`, key);
  }

  /** @param {string} key */
  delete(key) {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    const { grantId, uid, userCode } = entry.payload;
    if (typeof grantId === 'string') this.#byGrant.get(grantId)?.delete(key);
    if (uid && this.#index.get(`sessionUid:${uid}`) === key) this.#index.delete(`sessionUid:${uid}`);
    if (userCode && this.#index.get(`userCode:${userCode}`) === key) this.#index.delete(`userCode:${userCode}`);
  }

  /** @param {string} name */
  lookup(name) {
    const key = this.#index.get(name);
    return key === undefined ? undefined : this.get(key);
  }

  /** @param {string} model @param {string} grantId */
  deleteByGrant(model, grantId) {
    for (const key of [...(this.#byGrant.get(grantId) ?? [])]) {
      if (key.startsWith(`${model}:`)) this.delete(key);
    }
  }

  /**
   * Every live record of one model, for the demo API's lists.
   * @param {string} model
   * @returns {Payload[]}
   */
  list(model) {
    /** @type {Payload[]} */
    const out = [];
    for (const key of [...this.#entries.keys()]) {
      if (!key.startsWith(`${model}:`)) continue;
      const payload = this.get(key);
      if (payload) out.push(payload);
    }
    return out;
  }

  /**
   * The adapter class oidc-provider instantiates once per model name.
   * @returns {new (model: string) => object}
   */
  adapter() {
    const store = this;
    return class Adapter {
      /** @param {string} model */
      constructor(model) {
        this.model = model;
      }
      /** @param {string} id */
      key(id) {
        return `${this.model}:${id}`;
      }
      /** @param {string} id @param {Payload} payload @param {number} [expiresIn] */
      async upsert(id, payload, expiresIn) {
        store.set(this.key(id), payload, expiresIn);
      }
      /** @param {string} id */
      async find(id) {
        return store.get(this.key(id));
      }
      /** @param {string} uid */
      async findByUid(uid) {
        return store.lookup(`sessionUid:${uid}`);
      }
      /** @param {string} userCode */
      async findByUserCode(userCode) {
        return store.lookup(`userCode:${userCode}`);
      }
      /** @param {string} id */
      async consume(id) {
        const payload = store.get(this.key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      }
      /** @param {string} id */
      async destroy(id) {
        store.delete(this.key(id));
      }
      /** @param {string} grantId */
      async revokeByGrantId(grantId) {
        store.deleteByGrant(this.model, grantId);
      }
    };
  }
}
