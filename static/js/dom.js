// The DOM helpers every view uses. Text goes in with textContent only: nothing from the
// network is ever parsed as HTML.

export const byId = (id) => document.getElementById(id);

export function el(tag, { text, cls, attrs } = {}, children = []) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  if (attrs) for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const child of children) node.append(child);
  return node;
}

// The elements a view renders into, by id.
export function elements(ids) {
  return Object.fromEntries(ids.map((id) => [id, byId(id)]));
}

// Idle time, or a moment later where the browser has no requestIdleCallback (Safari): work
// the first paint and the next tap do not need.
export const whenIdle = (fn) => (typeof requestIdleCallback === 'function'
  ? requestIdleCallback(fn, { timeout: 500 }) : setTimeout(fn, 16));
