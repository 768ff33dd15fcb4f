// Types for scopes.js, so TypeScript code (the demo app, tests) can import the catalogue.
export interface Scope {
  readonly id: string;
  readonly name: string;
  readonly description: string;
}
export declare const SCOPES: readonly Scope[];
export declare const SCOPE_IDS: readonly string[];
export declare const ADMIN_SCOPE: Scope;
export declare function scopeById(id: string): Scope | undefined;
