// "Save for offline" for a programme: the page itself, the programme (timeline included)
// and every clip, so it opens and plays with no network. The clips go where the picker's
// saved routines keep theirs (offline.js, shared and swept together); ONE marker in
// `limber-programmes`, written last, says the programme is saved.
import { timelineAudio } from './audio.js';
import { PROGRAMME_CACHE, SaveError, fetchOk, saveClips, sweepClips } from './offline.js';

const PAGES = 'limber-runtime';  // the service worker's cache of pages and answers
const markerKey = (key) => `/offline/p/${encodeURIComponent(key)}`;
const pageUrl = (key) => `/p/${encodeURIComponent(key)}`;

export async function saveProgramme(key, programme, { onProgress = () => {} } = {}) {
  if (typeof caches === 'undefined') throw new SaveError('this browser cannot store files for offline use');
  if ('serviceWorker' in navigator) {
    await Promise.race([navigator.serviceWorker.ready, new Promise((r) => setTimeout(r, 5000))]);
  }
  const page = await fetchOk(new Request(pageUrl(key), { cache: 'reload' }));
  await (await caches.open(PAGES)).put(pageUrl(key), page);
  const clips = timelineAudio(programme.timeline);
  const text = JSON.stringify(programme);
  const bytes = await saveClips(clips, new Blob([text]).size, onProgress);
  const entry = { key, version: programme.version, clips, bytes, saved_at: Date.now(), programme };
  await (await caches.open(PROGRAMME_CACHE)).put(markerKey(key), new Response(JSON.stringify(entry), {
    headers: { 'Content-Type': 'application/json' },
  }));
  return entry;
}

// The saved copy, or null.
export async function savedProgramme(key) {
  if (typeof caches === 'undefined') return null;
  try {
    const res = await (await caches.open(PROGRAMME_CACHE)).match(markerKey(key));
    return res ? await res.json() : null;
  } catch (err) {
    return null;  // a damaged copy counts as not saved
  }
}

// A dead link: nothing of it stays on the device (page, programme, clips only it used).
export async function forgetProgramme(key) {
  if (typeof caches === 'undefined') return;
  await (await caches.open(PROGRAMME_CACHE)).delete(markerKey(key));
  await (await caches.open(PAGES)).delete(pageUrl(key));
  await sweepClips();
}
