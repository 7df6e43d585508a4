// Figures into the page: figure.js's description nodes built as SVG elements with
// createElementNS (no markup is parsed), and the small picture a list shows beside an
// exercise's name.
import { thumbnail } from './figure.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

// A picture beside words that already say what it shows: hidden from assistive technology,
// so a button or list item is named by its words alone.
export function decorative(node) {
  const { role, 'aria-label': _, ...attrs } = node.attrs;
  return { ...node, attrs: { ...attrs, 'aria-hidden': 'true', focusable: 'false' } };
}

/** An SVG element (with its children) for a description node. */
export function svgElement(node) {
  const element = document.createElementNS(SVG_NS, node.tag);
  for (const [k, v] of Object.entries(node.attrs)) {
    if (k !== 'xmlns') element.setAttribute(k, String(v));
  }
  for (const child of node.children) element.append(svgElement(child));
  return element;
}

/** A list's thumbnail of an exercise's figure, or null when it has none. */
export function thumbElement(figure) {
  return figure ? svgElement(decorative(thumbnail(figure))) : null;
}

// Idle time, or a moment later where the browser has no requestIdleCallback (Safari).
const later = (fn) => (typeof requestIdleCallback === 'function'
  ? requestIdleCallback(fn, { timeout: 500 }) : setTimeout(fn, 16));

/**
 * An empty box of a thumbnail's size for a list item, its figure drawn a moment later, one
 * per task: a list of figures never holds up the page's first paint or a tap.
 */
export function thumbSlot(figure) {
  const slot = document.createElement('span');
  slot.className = 'thumb';
  if (figure) later(() => { const svg = thumbElement(figure); if (svg) slot.append(svg); });
  return slot;
}
