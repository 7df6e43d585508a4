// Plots for the clinician's overview as plain data the view turns into SVG elements (no
// chart library): pain 0-10 and effort per exercise over days, and the adherence calendar's
// cells. Pure: coordinates, paths and labels only.

const EFFORT_LEVEL = { too_easy: 0, about_right: 1, too_hard: 2 };
const EFFORT_WORDS = ['Too easy', 'About right', 'Too hard'];
const EFFORT_AXIS = ['Easy', 'Right', 'Hard'];  // short: the axis is narrow

// A series [{day, pain, effort}] as a line plot of `field` ('pain' 0-10 or 'effort' 0-2)
// in a width x height box with `pad` for the axes. Answers with null for that field are
// left out; each point keeps its day and value for its label.
export function linePlot(series, field, { width = 320, height = 120, pad = 24 } = {}) {
  const max = field === 'pain' ? 10 : 2;
  const values = series.map((s) => ({ day: s.day, value: field === 'pain' ? s.pain
    : (s.effort in EFFORT_LEVEL ? EFFORT_LEVEL[s.effort] : null) }))
    .filter((s) => s.value !== null && s.value !== undefined);
  const innerW = width - 2 * pad;
  const innerH = height - 2 * pad;
  const x = (i) => pad + (values.length < 2 ? innerW / 2 : (i * innerW) / (values.length - 1));
  const y = (v) => pad + innerH - (v * innerH) / max;
  const points = values.map((s, i) => ({
    x: round(x(i)), y: round(y(s.value)), day: s.day, value: s.value,
    label: `${s.day}: ${field === 'pain' ? `pain ${s.value}` : EFFORT_WORDS[s.value]}`,
  }));
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${p.x} ${p.y}`).join(' ');
  const ticks = (field === 'pain' ? [0, 5, 10] : [0, 1, 2]).map((v) => ({
    y: round(y(v)), label: field === 'pain' ? String(v) : EFFORT_AXIS[v],
  }));
  const days = values.length ? [values[0].day, values[values.length - 1].day] : [];
  return { width, height, path, points, ticks, days, empty: !points.length };
}

// A horizontal line at `value` (the pain threshold) in the same box as linePlot's.
export function levelLine(value, { width = 320, height = 120, pad = 24, max = 10 } = {}) {
  const y = round(pad + (height - 2 * pad) - (value * (height - 2 * pad)) / max);
  return { x1: pad, x2: width - pad, y1: y, y2: y };
}

// The calendar as weeks of cells, Monday first: [[{day, planned, done, state} | null]].
// state: 'done' (planned met), 'part' (some done), 'missed' (planned, none done), 'rest'
// (nothing planned that day: a weekly plan, or before the start).
export function calendarWeeks(days) {
  const weeks = [];
  let week = [];
  days.forEach((d, i) => {
    const weekday = (dayNumber(d.day) + 3) % 7;  // 1970-01-01 was a Thursday (3 from Monday)
    if (i === 0) week = Array(weekday).fill(null);
    else if (weekday === 0) { weeks.push(week); week = []; }
    week.push({ ...d, state: cellState(d) });
  });
  if (week.length) weeks.push(week.concat(Array(7 - week.length).fill(null)));
  return weeks;
}

function cellState({ planned, done }) {
  if (planned === null || planned === undefined || planned === 0) return done ? 'done' : 'rest';
  if (done >= planned) return 'done';
  return done > 0 ? 'part' : 'missed';
}

// Days since 1970-01-01 of a YYYY-MM-DD (UTC arithmetic: a day is a name, not a moment).
export function dayNumber(day) {
  const [y, m, d] = day.split('-').map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
}

function round(n) {
  return Math.round(n * 10) / 10;
}
