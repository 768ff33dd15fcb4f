import type { NormalizedOptions } from '../contract/normalize.js';
import type { Stores } from '../browser/stores.js';
import type { Binding, Bindings } from './binding.js';
import type { Outcome, SessionView } from './state.js';
import type { StoredTokens } from './tokens.js';

/** What the controller's verbs share: built once by createLogin, passed to each collaborator. */
export interface Core {
  readonly options: NormalizedOptions;
  readonly view: SessionView;
  readonly stores: Stores;
  readonly bindings: Bindings;
  /** Shows what `bound`'s session store holds now: the state is never set from a result, only from storage. */
  show(bound: Binding | undefined, outcome: Outcome): Promise<StoredTokens | undefined>;
}
