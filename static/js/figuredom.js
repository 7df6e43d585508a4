// Figures into the page: figure.js's description nodes built as SVG elements with
// createElementNS (no markup is parsed), the small picture a list shows beside an
// exercise's name, and the player's animated figure, which keeps its shape from frame to
// frame, so a redraw changes attributes in place when the tree's shape is unchanged.
import { thumbnail } from './figure.js';
import { whenIdle } from './dom.js';

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

// Same tags all the way down (attributes aside)?
function sameShape(el, n) {
  if (el.tagName !== n.tag || el.children.length !== n.children.length) return false;
  return n.children.every((child, i) => sameShape(el.children[i], child));
}

function patch(el, n) {
  const names = Object.keys(n.attrs).filter((k) => k !== 'xmlns');
  for (const attr of [...el.attributes]) if (!(attr.name in n.attrs)) el.removeAttribute(attr.name);
  for (const k of names) {
    const v = String(n.attrs[k]);
    if (el.getAttribute(k) !== v) el.setAttribute(k, v);
  }
  n.children.forEach((child, i) => patch(el.children[i], child));
}

/** Show description node `n` as the only child of `box` (null: empty it). */
export function drawInto(box, n) {
  if (!n) {
    box.replaceChildren();
    return;
  }
  const current = box.firstElementChild;
  if (current && box.children.length === 1 && sameShape(current, n)) patch(current, n);
  else box.replaceChildren(svgElement(n));
}

/** A list's thumbnail of an exercise's figure, or null when it has none. */
export function thumbElement(figure) {
  return figure ? svgElement(decorative(thumbnail(figure))) : null;
}

/**
 * An empty box of a thumbnail's size for a list item, its figure drawn a moment later, one
 * per task: a list of figures never holds up the page's first paint or a tap.
 */
export function thumbSlot(figure) {
  const slot = document.createElement('span');
  slot.className = 'thumb';
  if (figure) whenIdle(() => { const svg = thumbElement(figure); if (svg) slot.append(svg); });
  return slot;
}
