// What the WebKit driver runs inside the page to find elements the way Playwright's locators do: CSS
// matched through open shadow roots, and the element states Playwright's actions wait for.

/**
 * One step of a locator: descendants matching CSS, buttons whose name contains a text, the first match so
 * far, the visible ones so far, or what either of two locators finds.
 */
export type Step = { css: string } | { button: string } | { first: true } | { visible: true } | { either: [Step[], Step[]] };

/** Why an element cannot take an action yet, or null when it can. */
export type Blocker = 'none' | 'several' | 'hidden' | 'disabled' | null;

/**
 * The source of `find(steps)`, `visible(el)`, `disabled(el)` and `blocker(steps, need)`, prepended to every
 * script the WebKit driver runs on elements. Kept as a string: it runs in the browser, not in Node.
 */
export const DOM_HELPERS = String.raw`
function deepAll(root, css) {
  const found = Array.from(root.querySelectorAll(css));
  const hosts = Array.from(root.querySelectorAll('*')).filter((el) => el.shadowRoot);
  if (root.shadowRoot) hosts.unshift(root);
  for (const host of hosts) found.push(...deepAll(host.shadowRoot, css));
  return found;
}
function find(steps) {
  let nodes = [document];
  for (const step of steps) {
    if ('css' in step) nodes = nodes.flatMap((node) => deepAll(node, step.css));
    else if ('button' in step) nodes = nodes.flatMap((node) => deepAll(node, 'button, [role="button"]')).filter((el) => exposed(el) && named(el, step.button));
    else if ('first' in step) nodes = nodes.slice(0, 1);
    else if ('visible' in step) nodes = nodes.filter(visible);
    else nodes = find(step.either[0]).concat(find(step.either[1]));
    nodes = Array.from(new Set(nodes));
  }
  return nodes;
}
function visible(el) {
  const box = el.getBoundingClientRect();
  return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
}
// What Playwright's role locators leave out: elements hidden from the accessibility tree.
function exposed(el) {
  return el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden' && !el.closest('[aria-hidden="true"]');
}
function named(el, name) {
  const label = el.getAttribute('aria-label') ?? el.textContent ?? '';
  return label.replace(/\s+/g, ' ').trim().toLowerCase().includes(name.toLowerCase());
}
function disabled(el) {
  return el.matches(':disabled') || el.getAttribute('aria-disabled') === 'true';
}
function blocker(steps, need) {
  const els = find(steps);
  if (els.length === 0) return 'none';
  if (els.length > 1) return 'several';
  if (need !== 'attached' && !visible(els[0])) return 'hidden';
  if (need === 'enabled' && disabled(els[0])) return 'disabled';
  return null;
}
`;
