// SVG elements from figure.js's description nodes ({tag, attrs, children}), made with
// createElementNS (no markup is parsed). An animated figure keeps its shape from frame to
// frame, so a redraw changes attributes in place when the tree's shape is unchanged.
const SVG_NS = 'http://www.w3.org/2000/svg';

function build(n) {
  const node = document.createElementNS(SVG_NS, n.tag);
  for (const [k, v] of Object.entries(n.attrs)) if (k !== 'xmlns') node.setAttribute(k, v);
  for (const child of n.children) node.append(build(child));
  return node;
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
  else box.replaceChildren(build(n));
}
