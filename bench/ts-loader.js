// Imports a TypeScript module from this Node process (see ts-hooks.js).
import { register } from 'node:module';

let registered = false;

/** @param {URL} url a .ts file */
export function importTs(url) {
  if (!registered) {
    register('./ts-hooks.js', import.meta.url);
    registered = true;
  }
  return import(url.href);
}
