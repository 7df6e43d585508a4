// The end screen, from the first "Well done" step on: what the run did (tally.js), the
// closing words as they are spoken, and the clinic's card when there is a way to reach it.
import { el, elements } from './dom.js';
import { summaryItems } from './tally.js';

// The caption under the heading: a closing step's words after the first ("Well done. That
// is the end of your routine." is the heading and the line under it), and once the routine
// has finished the last of them (the words said last stay where they were); '' otherwise.
export function endCaption(timeline, snapshot) {
  if (timeline && snapshot && snapshot.status === 'finished') {
    return endCaptions(timeline).at(-1) || '';
  }
  const step = timeline && snapshot && timeline.steps[snapshot.index];
  if (!step || step.kind !== 'done') return '';
  const first = timeline.steps.findIndex((s) => s.kind === 'done');
  return snapshot.index > first ? step.cue : '';
}

// Every caption endCaption can give for this timeline, in order.
export function endCaptions(timeline) {
  const first = timeline.steps.findIndex((s) => s.kind === 'done');
  return timeline.steps.filter((s, i) => s.kind === 'done' && i > first).map((s) => s.cue);
}

// The clinic's ways to be reached: a tel: link and a web address, each null when unusable.
export function clinicLinks(clinic, base) {
  const digits = String((clinic && clinic.phone) || '').replace(/[^0-9+]/g, '');
  let booking = null;
  try {
    const url = clinic && clinic.booking_url ? new URL(clinic.booking_url, base) : null;
    if (url && ['https:', 'http:'].includes(url.protocol)) booking = url.href;
  } catch (err) {
    booking = null;
  }
  return { tel: digits ? `tel:${digits}` : null, booking };
}

export class EndView {
  constructor(store) {
    this.store = store;
    this.e = elements(['summary', 'end-cue', 'clinic', 'clinic-name', 'clinic-phone',
      'clinic-booking']);
    this.caption = el('span');  // the words being said, in the box end-cue sizes
    this.captionsOf = null;     // the timeline whose captions size the box
    store.addEventListener('change', (ev) => {
      if (ev.detail.keys.some((k) => ['timeline', 'snapshot', 'run'].includes(k))) this.render();
    });
  }

  render() {
    const { timeline, snapshot, run } = this.store.state;
    if (!timeline) return;
    const e = this.e;
    const items = summaryItems(run, timeline);
    e.summary.replaceChildren(...items.map(({ value, label }) => el('div', { cls: 'summary-item' }, [
      el('dt', { text: label }), el('dd', { text: value }),
    ])));
    e.summary.hidden = items.length === 0;
    // The caption's box holds every closing caption, unseen, so it is as tall as the
    // longest from the first "Well done" on: the buttons below never move under a finger
    // as the words change (a tap meant for "Back to routines" opened the booking link).
    if (this.captionsOf !== timeline) {
      this.captionsOf = timeline;
      const sizers = endCaptions(timeline).map((text) => el('span', {
        cls: 'end-cue-size', text, attrs: { 'aria-hidden': 'true' },
      }));
      e['end-cue'].replaceChildren(...sizers, this.caption);
      e['end-cue'].hidden = sizers.length === 0;
    }
    this.caption.textContent = endCaption(timeline, snapshot);

    const clinic = timeline.clinic || {};
    const { tel, booking } = clinicLinks(clinic, window.location.href);
    // No phone and no link: no card saying "get in touch" with no way to.
    e.clinic.hidden = !tel && !booking;
    e['clinic-name'].textContent = clinic.name || 'Your clinic';
    e['clinic-phone'].hidden = !tel;
    if (tel) {
      e['clinic-phone'].href = tel;
      e['clinic-phone'].textContent = `Call ${clinic.phone}`;
    }
    e['clinic-booking'].hidden = !booking;
    if (booking) e['clinic-booking'].href = booking;
  }
}
