// The editor's calls to the clinic's library API (docs/api.md): each answers the server's
// JSON, or throws an Error whose message says what went wrong in words, with the server's
// `code` and `problems` on it when it sent them.
import { NO_ANSWER } from './format.js';

const SIGNED_OUT = 'You are signed out. Sign in again on the clinic page (/clinic) in another tab, '
  + 'then come back and try again: your changes here are kept.';

async function call(method, url, body) {
  let res;
  try {
    res = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch (err) {
    throw Object.assign(new Error(NO_ANSWER), { code: 'no_answer' });
  }
  const data = await res.json().catch(() => ({}));
  if (res.ok) return data;
  const message = res.status === 401 ? SIGNED_OUT
    : data.error || `The server refused this (${res.status}).`;
  throw Object.assign(new Error(message), {
    status: res.status, code: data.code || '', problems: data.problems || [],
  });
}

const at = (id) => `/api/library/${encodeURIComponent(id)}`;

export const listRoutines = () => call('GET', '/api/library');
export const loadRoutine = (id) => call('GET', at(id));
export const createRoutine = (routine) => call('POST', '/api/library', { routine });
export const updateRoutine = (id, routine, baseVersion) => call('PUT', at(id), { routine, base_version: baseVersion });
export const checkRoutine = (routine) => call('POST', '/api/library/check', { routine });
export const parseHandout = (text) => call('POST', '/api/handouts/parse', { text });
export const startVoice = (routine) => call('POST', '/api/library/voice', { routine });
export const voiceProgress = (build) => call('GET', `/api/library/voice/${encodeURIComponent(build)}`);
