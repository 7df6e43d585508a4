// The editor page's other panels: the library list, the problems summary and the preview
// (length at each pace and the cue script, each cue with a Listen button). Render only.
import { el } from './dom.js';
import { formatTotal } from './format.js';
import { button, fieldId } from './editorfields.js';

/** The library: built-ins to copy, the clinic's routines to edit. */
export function renderLibrary(root, routines) {
  const item = (r) => {
    const copy = r.origin === 'builtin';
    const meta = copy ? 'Built in: copy it to make it yours' : `Version ${r.version}`;
    const yaml = el('a', { text: 'Export YAML', attrs: {
      href: `/api/library/${encodeURIComponent(r.id)}/export`, download: `${r.id}.yaml`,
      'aria-label': `Export YAML: ${r.title}`,
    } });
    return el('li', { cls: 'library-item' }, [
      el('span', { cls: 'library-name', text: r.title }),
      el('span', { cls: 'library-meta', text: meta }),
      yaml,
      button(copy ? 'Copy' : 'Edit', 'open', { id: r.id }, `${copy ? 'Copy' : 'Edit'}: ${r.title}`),
    ]);
  };
  const own = routines.filter((r) => r.origin !== 'builtin');
  const builtin = routines.filter((r) => r.origin === 'builtin');
  root.replaceChildren(
    el('h3', { text: 'The clinic\'s routines' }),
    own.length ? el('ul', { cls: 'library-list' }, own.map(item))
      : el('p', { text: 'None yet: start a new one, copy a built-in one, or import a handout.' }),
    el('h3', { text: 'Built-in routines' }),
    el('ul', { cls: 'library-list' }, builtin.map(item)),
  );
}

/**
 * How many problems there are, in words (never a colour alone): those no field shows
 * (`loose` messages) in full, and each one shown beside its field (`placed`, [path,
 * message]) as a link to that field.
 */
export function renderProblems(root, problems, loose, placed) {
  if (!problems.length) {
    root.replaceChildren(el('p', { cls: 'ok', text: 'No problems found: this routine can be saved.' }));
    return;
  }
  const n = problems.length;
  const items = [
    ...loose.map((m) => el('li', { text: m })),
    ...placed.map(([path, message]) => el('li', {}, [
      el('a', { text: message, attrs: { href: `#${fieldId(path)}` } }),
    ])),
  ];
  root.replaceChildren(
    el('p', { cls: 'problems-count', text: `${n} ${n === 1 ? 'problem' : 'problems'} to fix before saving:` }),
    el('ul', {}, items),
  );
}

/** Length per pace and the cue script, from the server's check answer. */
export function renderPreview(root, preview) {
  if (!preview) {
    root.replaceChildren(el('p', { cls: 'hint', text: 'The preview shows once the routine has no problems.' }));
    return;
  }
  const paces = Object.entries(preview.total_ms).map(([pace, ms]) => el('li', {}, [
    el('span', { cls: 'pace', text: `${pace[0].toUpperCase()}${pace.slice(1)} pace: ` }),
    el('span', { text: formatTotal(ms) }),
  ]));
  const script = preview.script.filter((s) => s.say).map((s) => el('li', { cls: `cue cue-${s.kind}` }, [
    button('Listen', 'listen', { say: s.say }, `Listen: ${s.say}`),
    el('span', { text: s.say }),
  ]));
  root.replaceChildren(
    el('h4', { text: 'Length' }), el('ul', { cls: 'paces' }, paces),
    el('h4', { text: 'What the voice says' }), el('ol', { cls: 'script' }, script),
  );
}
