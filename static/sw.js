// Limber's service worker, served at /sw.js (scope /) with Service-Worker-Allowed: / and
// no-cache, so a new version is picked up on the next load.
//
// - The shell (page, CSS, modules, icons) is precached at install, each fetched with
//   {cache: 'reload'} (a 206 or stale copy from the HTTP cache must not get in), then served
//   network-first (fresh when online) with the cache as the fallback.
// - The JSON API is network-first; its last good answers are the fallback.
// - Audio clips (/audio/<hash>.mp3, immutable) come from the cache when saved, answered with
//   Range support: a 206 sliced from the complete cached 200 (Safari asks for ranges and
//   will not play a 200 to a range request from a worker). Only complete 200s are ever
//   stored, by the page's "Save for offline"; a clip that is not saved goes to the network
//   untouched.
// - Saved routines (the "saved" markers with their timelines) live in the `limber-offline`
//   cache, written by the page only after every file of the routine is stored; saved
//   programmes in `limber-programmes` (programmesave.js), their page /p/<key> in the
//   runtime cache, answered network-first: a dead link's 404 reaches the page, which
//   forgets its copy.

const VERSION = 'v3';
const SHELL = `limber-shell-${VERSION}`;
const RUNTIME = 'limber-runtime';
const AUDIO = 'limber-audio';
const OFFLINE = 'limber-offline';
const PROGRAMMES = 'limber-programmes';
const KEEP = [SHELL, RUNTIME, AUDIO, OFFLINE, PROGRAMMES];
const NETWORK_TIMEOUT_MS = 4000;

// Every file the player needs to open with no network (tests/web/test_offline_routes.py
// checks that each module and stylesheet is listed).
const SHELL_URLS = [
  '/',
  '/manifest.webmanifest',
  '/static/css/app.css',
  '/static/css/player.css',
  '/static/css/programme.css',
  '/static/js/app.js',
  '/static/js/audio.js',
  '/static/js/checks.js',
  '/static/js/clinic.js',
  '/static/js/clock.js',
  '/static/js/console.js',
  '/static/js/consoleview.js',
  '/static/js/devicekeys.js',
  '/static/js/dom.js',
  '/static/js/endview.js',
  '/static/js/figure.js',
  '/static/js/figuredom.js',
  '/static/js/focus.js',
  '/static/js/format.js',
  '/static/js/history.js',
  '/static/js/handout.js',
  '/static/js/joining.js',
  '/static/js/keys.js',
  '/static/js/localrunner.js',
  '/static/js/mediasession.js',
  '/static/js/offline.js',
  '/static/js/ondevice.js',
  '/static/js/outbox.js',
  '/static/js/outboxdb.js',
  '/static/js/owned.js',
  '/static/js/pickerview.js',
  '/static/js/pose.js',
  '/static/js/print.js',
  '/static/js/playerview.js',
  '/static/js/plot.js',
  '/static/js/prefs.js',
  '/static/js/programme.js',
  '/static/js/programmeapi.js',
  '/static/js/programmegive.js',
  '/static/js/programmelist.js',
  '/static/js/programmeoverview.js',
  '/static/js/programmeplots.js',
  '/static/js/programmerun.js',
  '/static/js/programmesave.js',
  '/static/js/programmeview.js',
  '/static/js/programmewords.js',
  '/static/js/routines.js',
  '/static/js/saving.js',
  '/static/js/session.js',
  '/static/js/socket.js',
  '/static/js/speech.js',
  '/static/js/stepfigure.js',
  '/static/js/store.js',
  '/static/js/tally.js',
  '/static/js/view.js',
  '/static/js/voice.js',
  '/static/js/voicecapture.js',
  '/static/js/voiceanswers.js',
  '/static/js/voicegate.js',
  '/static/js/voicelocal.js',
  '/static/js/voicepcm.js',
  '/static/js/voiceview.js',
  '/static/js/voiceworklet.js',
  '/static/js/wakelock.js',
  '/static/vendor/socket.io.esm.min.js',
  '/static/audio/silence.mp3',
  '/static/icons/icon-192.png',
  '/static/icons/icon-512.png',
  '/static/icons/maskable-512.png',
  '/static/icons/apple-touch-icon.png',
  '/static/icons/favicon.svg',
];

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL);
    await cache.addAll(SHELL_URLS.map((url) => new Request(url, { cache: 'reload' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('limber-') && !KEEP.includes(name)) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const path = url.pathname;
  if (path.startsWith('/socket.io/')) return;
  if (/^\/audio\/[0-9a-f]{64}\.mp3$/.test(path)) {
    event.respondWith(audio(request, url));
  } else if (request.mode === 'navigate') {
    // Every page of the app (/, /j/<code>) is the same shell; other pages (/history) are
    // left to the network.
    if (path === '/' || path.startsWith('/j/')) event.respondWith(networkFirst(request, SHELL, '/'));
    else if (/^\/p\/[^/]+$/.test(path)) event.respondWith(programmePage(request, path));
  } else if (path.startsWith('/static/') || path === '/manifest.webmanifest') {
    event.respondWith(networkFirst(request, SHELL));
  } else if (path === '/api/routines' || /^\/api\/routines\/[^/]+\/timeline$/.test(path)) {
    event.respondWith(networkFirst(request, RUNTIME));
  }
});

// A programme's page: network-first; a link the server says is dead (404: wrong, revoked,
// deleted) leaves nothing of its programme on the device, so offline it opens nothing either.
async function programmePage(request, path) {
  const response = await networkFirst(request, RUNTIME);
  if (response.status === 404) {
    await (await caches.open(RUNTIME)).delete(path);
    await (await caches.open(PROGRAMMES)).delete(`/offline${path}`);
  }
  return response;
}

function timeout(ms) {
  return new Promise((resolve, reject) => setTimeout(() => reject(new Error('timeout')), ms));
}

// The network when it answers (and keep that answer), else the cached copy.
async function networkFirst(request, cacheName, fallbackKey = null) {
  const cache = await caches.open(cacheName);
  const key = fallbackKey || request;
  if (self.navigator.onLine !== false) {
    try {
      const response = await Promise.race([fetch(request), timeout(NETWORK_TIMEOUT_MS)]);
      if (response.ok && response.status === 200 && response.type === 'basic') {
        await cache.put(key, response.clone());
      }
      return response;
    } catch (err) {
      // offline, unreachable or too slow: the cache
    }
  }
  const cached = await cache.match(key, { ignoreSearch: cacheName === SHELL })
    || await caches.match(key, { ignoreSearch: cacheName === SHELL });
  if (cached) return cached;
  return new Response(JSON.stringify({ error: 'offline: this is not saved on the device' }), {
    status: 503, headers: { 'Content-Type': 'application/json' },
  });
}

async function audio(request, url) {
  const cache = await caches.open(AUDIO);
  const full = await cache.match(url.pathname);
  if (full) return ranged(full, request.headers.get('range'));
  if (self.navigator.onLine === false) {
    return new Response('', { status: 504, statusText: 'Offline and not saved' });
  }
  return fetch(request); // not saved: the network, untouched and not stored
}

// A complete cached 200, or the part a Range header asks for as a 206.
async function ranged(full, range) {
  if (!range) return full;
  const blob = await full.blob();
  const size = blob.size;
  const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  let start;
  let end;
  if (m && m[1] !== '') {
    start = Number(m[1]);
    end = m[2] !== '' ? Math.min(Number(m[2]), size - 1) : size - 1;
  } else if (m && m[2] !== '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  }
  if (start === undefined || start > end || start >= size) {
    return new Response('', {
      status: 416, statusText: 'Range Not Satisfiable',
      headers: { 'Content-Range': `bytes */${size}` },
    });
  }
  return new Response(blob.slice(start, end + 1, 'audio/mpeg'), {
    status: 206,
    statusText: 'Partial Content',
    headers: {
      'Content-Type': 'audio/mpeg',
      'Content-Length': String(end - start + 1),
      'Content-Range': `bytes ${start}-${end}/${size}`,
      'Accept-Ranges': 'bytes',
    },
  });
}
