// The popup (a module script): says in plain words whether this Snap! tab is paired and connected, and pairs it with a
// code. The words come from the worker (protocol.js, describeStatus), which knows the tab's state.
import {CODE_EXAMPLE, MESSAGE} from './protocol.js';

const params = new URLSearchParams(location.search);
let activeTabId;

async function activeTab() {
  if (params.has('tab')) return Number(params.get('tab'));
  const [tab] = await chrome.tabs.query({active: true, currentWindow: true});
  return tab ? tab.id : undefined;
}

async function refresh() {
  const s = await chrome.runtime.sendMessage({type: MESSAGE.popupStatus, activeTabId});
  const state = document.getElementById('state');
  state.textContent = s.words;
  state.dataset.state = s.state;
  document.getElementById('session').textContent = s.session || '–';
  document.getElementById('port').textContent = s.port || '–';
  document.getElementById('unpair').hidden = !s.session;
}

document.getElementById('pair-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const code = document.getElementById('code').value;
  const answer = await chrome.runtime.sendMessage({type: MESSAGE.pair, code, tabId: activeTabId});
  document.getElementById('message').textContent = answer.ok ? '' : answer.message;
  if (answer.ok) document.getElementById('code').value = '';
  refresh();
});

document.getElementById('unpair').addEventListener('click', async () => {
  await chrome.runtime.sendMessage({type: MESSAGE.unpair, tabId: activeTabId});
  refresh();
});

document.getElementById('code').placeholder = CODE_EXAMPLE;

(async () => {
  activeTabId = await activeTab();
  await refresh();
  setInterval(refresh, 500);
})();
