// The clinic sign-in page: send the key, then go on to the page that sent us here
// (`data-next`, a path on this server that the server checked).
const main = document.getElementById('clinic');
const form = document.getElementById('sign-in');
const done = document.getElementById('signed-in');
const message = document.getElementById('message');
const NO_ANSWER = 'The server did not answer; check the connection and try again.';

function show(signedIn) {
  form.hidden = signedIn;
  done.hidden = !signedIn;
}

async function call(method, body) {
  const resp = await fetch('/api/clinic/session', {
    method, headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined, credentials: 'same-origin',
  });
  return { ok: resp.ok, data: await resp.json() };
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  message.textContent = '';
  const key = document.getElementById('key');
  try {
    const { ok, data } = await call('POST', { key: key.value });
    if (!ok) {
      message.textContent = data.error;
      key.select();
      return;
    }
  } catch {
    message.textContent = NO_ANSWER;
    return;
  }
  key.value = '';
  if (main.dataset.next) window.location.assign(main.dataset.next);
  else show(true);
});

// Shown signed out only once the server has said so: a sign-out that did not arrive says so.
document.getElementById('sign-out').addEventListener('click', async () => {
  message.textContent = '';
  try {
    const { ok, data } = await call('DELETE');
    if (!ok) {
      message.textContent = data.error;
      return;
    }
  } catch {
    message.textContent = NO_ANSWER;
    return;
  }
  show(false);
});

call('GET').then(({ data }) => show(data.clinic)).catch(() => {});
