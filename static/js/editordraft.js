// A draft read from a clinic's handout (POST /api/handouts/parse), as the editor shows it
// for review: where in the handout each parsed value was found, which values were guessed,
// and the sentences the parser could not place. Pure: the view renders the segments.

// A sentence ends at . ! ? (then a space or the end) or at a line break.
const END = /[.!?](?=\s|$)|\n/g;

/** [start, end) of the sentence of `text` around the range [from, to). */
export function sentenceAround(text, from, to) {
  let start = 0;
  let end = text.length;
  for (const m of text.matchAll(END)) {
    const stop = m.index + m[0].length;
    if (stop >= to) {
      end = m[0] === '\n' ? m.index : stop;
      break;
    }
    if (stop <= from) start = stop;
  }
  while (start < end && /\s/.test(text[start])) start += 1;
  return [start, end];
}

/**
 * Where each found quote is in `text`: [{path, quote, at}] (at -1: not in the text). A
 * quote said more than once ("Repeat three times") is taken at its first place after the
 * previous quote's, as the parser reads the handout in order, else anywhere not yet taken.
 */
export function locate(text, found) {
  const taken = [];
  const free = (at, len) => taken.every(([a, b]) => at + len <= a || at >= b);
  const search = (quote, from) => {
    for (let at = text.indexOf(quote, from); at >= 0; at = text.indexOf(quote, at + 1)) {
      if (free(at, quote.length)) return at;
    }
    return -1;
  };
  let cursor = 0;
  return found.map(({ path, quote }) => {
    if (!quote) return { path, quote, at: -1 };
    let at = search(quote, cursor);
    if (at < 0) at = search(quote, 0);
    if (at >= 0) {
      taken.push([at, at + quote.length]);
      cursor = at;
    }
    return { path, quote, at };
  });
}

/**
 * The sentence of the handout a value at `path` came from, in three parts for the view to
 * mark the quote: {before, quote, after}; null when the parser found no quote for it.
 */
export function sourceOf(text, located, path) {
  const hit = located.find((f) => f.path === path && f.at >= 0);
  if (!hit) return null;
  const [start, end] = sentenceAround(text, hit.at, hit.at + hit.quote.length);
  return {
    before: text.slice(start, hit.at),
    quote: hit.quote,
    after: text.slice(hit.at + hit.quote.length, end),
  };
}

/**
 * The whole handout as segments [{text, path}] in order, `path` set on each found quote
 * (null elsewhere): the review panel marks every value the parser took from the text.
 */
export function markedHandout(text, located) {
  const hits = located.filter((f) => f.at >= 0).sort((a, b) => a.at - b.at);
  const out = [];
  let pos = 0;
  for (const { at, quote, path } of hits) {
    if (at > pos) out.push({ text: text.slice(pos, at), path: null });
    out.push({ text: quote, path });
    pos = at + quote.length;
  }
  if (pos < text.length) out.push({ text: text.slice(pos), path: null });
  return out;
}

/** Is the value at `path` (or what holds it) one the parser guessed? */
export function guessed(path, editorial) {
  return editorial.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
}

/** The review list: how many values were found, guessed, and the sentences left over. */
export function reviewSummary(draft) {
  const n = (k) => (draft[k] || []).length;
  const parts = [`${n('found')} values taken from the handout`,
    `${n('editorial')} guessed (marked editorial)`];
  if (n('unplaced')) parts.push(`${n('unplaced')} sentences not placed`);
  return `${parts.join(', ')}.`;
}

/**
 * The draft as the editor reviews it, from the handout's `text` and the parse answer:
 * {text, located, editorial, unplaced, flags, segments, summary}.
 */
export function reviewOf(text, parsed) {
  const located = locate(text, parsed.found || []);
  return {
    text, located, editorial: parsed.editorial || [], unplaced: parsed.unplaced || [],
    flags: parsed.flags || [], segments: markedHandout(text, located), summary: reviewSummary(parsed),
  };
}
