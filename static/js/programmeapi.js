// The patient page's two requests to the server (docs/api.md, "Link routes"): the
// programme, and the records. Errors carry the server's code (and index, acked_through).

class ApiError extends Error {
  constructor(message, fields) {
    super(message);
    Object.assign(this, fields);
  }
}

// The programme as this server's sessions play it (scaled), or {missing: true} for a link
// that opens nothing (wrong, revoked, deleted). Throws when the server cannot be reached.
export async function readProgramme(key) {
  const res = await fetch(`/api/p/${encodeURIComponent(key)}?scaled=1`, { cache: 'no-store' });
  if (res.status === 404) return { missing: true };
  if (!res.ok) throw new ApiError(`the server answered ${res.status}`, { status: res.status });
  return res.json();
}

export async function sendRecords(key, device, records) {
  const res = await fetch(`/api/p/${encodeURIComponent(key)}/records`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ device_id: device, records }), cache: 'no-store',
  });
  let body = {};
  try {
    body = await res.json();
  } catch (err) { /* a proxy's page: no code */ }
  if (!res.ok) {
    throw new ApiError(body.error || `the server answered ${res.status}`, { status: res.status, ...body });
  }
  return body;
}
