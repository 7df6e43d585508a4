// Offline: the service worker's registration, and "Save for offline" per routine and pace.
//
// A save downloads the compiled timeline (as this server's sessions play it) and every clip
// it needs into Cache Storage, then writes ONE entry in `limber-offline` holding the
// timeline, its hash, the clip list and the size: that entry is the "saved" marker, so a
// save cut short (network gone, tab closed) never leaves a routine marked as saved. Clips
// are content-addressed and shared between saved routines; removing a routine deletes the
// clips no other saved routine uses.
import { timelineAudio } from './audio.js';

const AUDIO_CACHE = 'limber-audio';
const OFFLINE_CACHE = 'limber-offline';
export const PROGRAMME_CACHE = 'limber-programmes';  // programmesave.js's saved programmes
const PARALLEL = 4;

const savedKey = (routineId, pace) => `/offline/${encodeURIComponent(routineId)}/${pace}`;
const timelineUrl = (routineId, pace) =>
  `/api/routines/${encodeURIComponent(routineId)}/timeline?pace=${encodeURIComponent(pace)}&scaled=1`;

function cachesSupported() {
  return typeof caches !== 'undefined';
}

export async function registerWorker() {
  if (!('serviceWorker' in navigator)) return null;
  try {
    return await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  } catch (err) {
    return null; // an insecure context or a private mode: the app works online
  }
}

// Every saved routine: [{routine_id, pace, title, hash, bytes, clips, saved_at, timeline,
// routine, paces}]. A copy saved by an older version of the page (no routine summary, no
// step starts) is `outdated`: listed, so it can be updated or removed, but not run.
export async function listSaved() {
  if (!cachesSupported()) return [];
  const cache = await caches.open(OFFLINE_CACHE);
  const out = [];
  for (const request of await cache.keys()) {
    try {
      const res = await cache.match(request);
      const entry = await res.json();
      out.push({ ...entry, outdated: !entry.routine || !Array.isArray(entry.paces) });
    } catch (err) { /* a damaged entry counts as not saved */ }
  }
  return out.sort((a, b) => (a.title + a.pace).localeCompare(b.title + b.pace));
}

export class SaveError extends Error {}

export async function fetchOk(url, init) {
  let res;
  try {
    res = await fetch(url, init);
  } catch (err) {
    throw new SaveError('the connection was lost');
  }
  if (!res.ok) throw new SaveError(`the server answered ${res.status}`);
  return res;
}

// Download one routine at one pace. onProgress({done, total, bytes}). Resolves with the
// saved entry; rejects (and marks nothing as saved) if any file could not be stored.
export async function save(routineId, pace, { onProgress = () => {} } = {}) {
  if (!cachesSupported()) throw new SaveError('this browser cannot store files for offline use');
  // The shell is precached by the service worker's install: wait for it to be ready.
  if ('serviceWorker' in navigator) {
    await Promise.race([navigator.serviceWorker.ready, new Promise((r) => setTimeout(r, 5000))]);
  }
  // The routine list too (the service worker keeps its last answer for the picker); the
  // routine's summary and the paces are kept with the copy for when there is neither.
  const list = await (await fetchOk('/api/routines', { cache: 'no-store' })).json();
  const routine = (list.routines || []).find((r) => r.id === routineId);
  if (!routine) throw new SaveError('the server no longer offers this routine');
  const res = await fetchOk(timelineUrl(routineId, pace), { cache: 'no-store' });
  const text = await res.text();
  const timeline = JSON.parse(text);
  const clips = timelineAudio(timeline);
  const bytes = await saveClips(clips, new Blob([text]).size, onProgress);
  const entry = {
    routine_id: routineId, pace, title: timeline.title, hash: timeline.hash, bytes,
    clips, saved_at: new Date().toISOString(), timeline, routine, paces: list.paces || [],
  };
  // The marker, last: only now is the routine saved.
  const offline = await caches.open(OFFLINE_CACHE);
  await offline.put(savedKey(routineId, pace), new Response(JSON.stringify(entry), {
    headers: { 'Content-Type': 'application/json' },
  }));
  return entry;
}

// Store every clip of `clips` that is not stored yet (complete 200s only), `bytes` counted
// from `start`; onProgress({done, total, bytes}). On any failure, clips no saved copy needs
// are swept and the error thrown. Resolves with the bytes. Programmes save theirs with it.
export async function saveClips(clips, start, onProgress) {
  const audio = await caches.open(AUDIO_CACHE);
  let done = 0;
  let bytes = start;
  const total = clips.length;
  onProgress({ done, total, bytes });
  const queue = clips.slice();
  try {
    const worker = async () => {
      while (queue.length) {
        const url = queue.shift();
        const have = await audio.match(url);
        if (have) {
          bytes += Number(have.headers.get('Content-Length')) || (await have.clone().blob()).size;
        } else {
          // A fresh, complete answer: never a 206 or a stale copy from the HTTP cache.
          const got = await fetchOk(new Request(url, { cache: 'reload' }));
          if (got.status !== 200) throw new SaveError(`a clip came back partial (${got.status})`);
          const blob = await got.blob();
          const declared = Number(got.headers.get('Content-Length'));
          if (declared && declared !== blob.size) throw new SaveError('a clip came back incomplete');
          await audio.put(url, new Response(blob, {
            headers: { 'Content-Type': 'audio/mpeg', 'Content-Length': String(blob.size) },
          }));
          bytes += blob.size;
        }
        done += 1;
        onProgress({ done, total, bytes });
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, total) || 1 }, worker));
  } catch (err) {
    await sweepClips();
    throw err;
  }
  return bytes;
}

export async function remove(routineId, pace) {
  if (!cachesSupported()) return;
  const offline = await caches.open(OFFLINE_CACHE);
  await offline.delete(savedKey(routineId, pace));
  await sweepClips();
}

// Delete every stored clip that no saved routine or programme needs (after a remove or a
// failed save).
export async function sweepClips() {
  const needed = new Set();
  const programmes = await caches.open(PROGRAMME_CACHE);
  const entries = await listSaved();
  for (const request of await programmes.keys()) {
    try {
      entries.push(await (await programmes.match(request)).json());
    } catch (err) { /* a damaged entry keeps nothing */ }
  }
  for (const entry of entries) for (const url of entry.clips || []) needed.add(url);
  const audio = await caches.open(AUDIO_CACHE);
  for (const request of await audio.keys()) {
    const path = new URL(request.url).pathname;
    if (!needed.has(path)) await audio.delete(request);
  }
}

// The current hash of a saved routine's timeline on the server, or null when unknown
// (offline); a different hash means the routine or its audio changed: offer the update.
export async function currentHash(routineId, pace) {
  try {
    const res = await fetch(timelineUrl(routineId, pace), { cache: 'no-store' });
    if (!res.ok) return null;
    return (await res.json()).hash || null;
  } catch (err) {
    return null;
  }
}
