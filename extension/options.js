// Settings (a module script): more sites where Snap! runs. Each becomes an optional host permission plus a registered
// content script (worker/sites.js).
import {DEFAULT_PORT, MESSAGE} from './protocol.js';

function patternOf(text) {
  let url;
  try { url = new URL(text.trim()); } catch (e) { return null; }
  if (!['http:', 'https:'].includes(url.protocol)) return null;
  // The folder the address names (up to its last /): the scripts run there only, not on the whole site.
  return `${url.protocol}//${url.hostname}${url.pathname.slice(0, url.pathname.lastIndexOf('/') + 1)}*`;
}

async function render() {
  const list = document.getElementById('origins');
  list.textContent = '';
  const {extraOrigins = []} = await chrome.storage.local.get('extraOrigins');
  for (const pattern of extraOrigins) {
    const item = document.createElement('li');
    item.textContent = pattern + ' ';
    const remove = document.createElement('button');
    remove.textContent = 'Remove';
    remove.addEventListener('click', async () => {
      await chrome.runtime.sendMessage({type: MESSAGE.removeOrigin, pattern});
      await chrome.permissions.remove({origins: [pattern]}).catch(() => {});
      render();
    });
    item.appendChild(remove);
    list.appendChild(item);
  }
}

document.getElementById('add-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const message = document.getElementById('message');
  const pattern = patternOf(document.getElementById('origin').value);
  if (!pattern) {
    message.textContent = 'Write the address of the site, starting with https:// or http://';
    return;
  }
  // Must be called right in the click: Chrome shows its own question.
  const granted = await chrome.permissions.request({origins: [pattern]});
  if (!granted) {
    message.textContent = 'Chrome did not allow that site, so nothing changed.';
    return;
  }
  const answer = await chrome.runtime.sendMessage({type: MESSAGE.addOrigin, pattern});
  message.textContent = answer.ok ? 'Added. Reload your Snap! tab there.' : answer.message;
  render();
});

document.getElementById('default-port').textContent = String(DEFAULT_PORT);
render();
