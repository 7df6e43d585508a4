// The overview's pictures as DOM: a line plot (plot.js's data) as inline SVG, and the
// adherence calendar as a table. Renders only.
import { el } from './dom.js';
import { calendarWeeks, levelLine, linePlot } from './plot.js';

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

// One plot of `field` over the exercise's series; the threshold line on pain plots.
export function plotElement(series, field, { title, threshold = null }) {
  const box = { width: 320, height: 120, pad: 24 };
  const plot = linePlot(series, field, box);
  const root = svg('svg', { viewBox: `0 0 ${box.width} ${box.height}`, class: 'plot', role: 'img',
    'aria-label': plot.empty ? `${title}: no answer yet`
      : `${title}: ${plot.points.map((p) => p.label).join('; ')}` });
  root.dataset.field = field;
  for (const t of plot.ticks) {
    root.append(svg('line', { class: 'axis', x1: box.pad, x2: box.width - box.pad, y1: t.y, y2: t.y }));
    root.append(svg('text', { x: 2, y: t.y + 3 }, t.label));
  }
  if (threshold !== null) {
    const l = levelLine(threshold, box);
    root.append(svg('line', { class: 'threshold', ...l }));
  }
  if (!plot.empty) {
    root.append(svg('path', { class: 'line', d: plot.path }));
    for (const p of plot.points) {
      const dot = svg('circle', { class: 'dot', cx: p.x, cy: p.y, r: 3.5 });
      dot.append(svg('title', {}, p.label));
      root.append(dot);
    }
    root.append(svg('text', { x: box.pad, y: box.height - 4 }, plot.days[0]));
    root.append(svg('text', { x: box.width - box.pad, y: box.height - 4, 'text-anchor': 'end' },
      plot.days[1]));
  }
  return root;
}

export function calendarRows(days) {
  return calendarWeeks(days).map((week) => el('tr', {}, week.map((cell) => {
    if (!cell) return el('td');
    const text = cell.planned ? `${cell.done}/${cell.planned}` : String(cell.done || '');
    return el('td', { text, cls: `cell-${cell.state}`, attrs: {
      title: `${cell.day}: ${cell.done} done${cell.planned ? ` of ${cell.planned}` : ''}`,
    } });
  })));
}
