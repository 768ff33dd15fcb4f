/** The element with `data-testid="<testId>"`; the demo's markup is fixed, so a missing one is a bug. */
export function el<T extends HTMLElement = HTMLElement>(testId: string): T {
  const found = document.querySelector<T>(`[data-testid="${testId}"]`);
  if (!found) throw new Error(`missing element ${testId}`);
  return found;
}

export const formatDate = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : '—');

/** A table row of plain-text cells. */
export function row(testId: string, cells: readonly string[]): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.dataset.testid = testId;
  for (const text of cells) {
    const td = document.createElement('td');
    td.textContent = text;
    tr.append(td);
  }
  return tr;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
