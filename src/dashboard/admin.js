/**
 * Operations that need the admin token (rebuild, parked events): the page asks for it in a
 * dialog that also names the operation, and sends it as `Authorization: Bearer <token>`. The
 * token lives in this module while the page is open, never in storage; a 401 or 403 forgets it.
 */
let remembered;

/** Asks for the token before `action` (a sentence); resolves with it, or undefined when cancelled. */
export function askToken(action) {
  const dialog = document.getElementById('token-dialog');
  const form = dialog.querySelector('form');
  const input = form.elements.token;
  dialog.querySelector('.action').textContent = action;
  input.value = remembered ?? '';
  return new Promise((resolve) => {
    const finish = (token) => {
      form.removeEventListener('submit', submitted);
      cancel.removeEventListener('click', cancelled);
      dialog.removeEventListener('cancel', cancelled);
      if (dialog.open) dialog.close();
      resolve(token);
    };
    const submitted = (event) => {
      event.preventDefault();
      finish(input.value.trim() || undefined);
    };
    const cancelled = (event) => {
      event.preventDefault();
      finish(undefined);
    };
    const cancel = form.querySelector('button[value=cancel]');
    form.addEventListener('submit', submitted);
    cancel.addEventListener('click', cancelled);
    dialog.addEventListener('cancel', cancelled);
    dialog.showModal();
    input.focus();
  });
}

/**
 * Sends an admin request. `ask` shows the dialog (an operation the user chose); without it the
 * remembered token is used, and nothing is sent when there is none (a refresh of what the user
 * opened). Resolves with `{ status, answer }`, or undefined when nothing was sent.
 */
export async function adminRequest({ action, method = 'GET', url, body, ask = true }) {
  const token = ask ? await askToken(action) : remembered;
  if (token === undefined) return undefined;
  remembered = token;
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer = await response.json().catch(() => ({}));
  if (response.status === 401 || response.status === 403) remembered = undefined;
  return { status: response.status, answer };
}
