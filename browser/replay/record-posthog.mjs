// Records a scripted visit with an unchanged posthog-js (from its npm package) whose api_host is a
// capture service, in headless Chromium. The page lives on another origin (shop.test, mapped to
// loopback), so every call to capture is cross-origin. posthog-js talks to capture through
// capture-proxy.mjs, which passes everything on unchanged and notes what was sent. A person types an email and a password,
// clicks, resizes the window, the page's list changes, the page logs to the console and makes a
// request; a "ph-no-capture" element holds a secret. Leaving the page makes posthog-js send its
// last batches with navigator.sendBeacon. Then the first snapshot request is sent again, as
// posthog-js does when it gets no 200, to show that a re-sent batch is stored once.
//
//   node replay/record-posthog.mjs CAPTURE_URL TOKEN
//
// Prints JSON: {sessionId, structure (dom-structure.js with the options below), structureOptions,
// sent: {rrweb, metadata, requests, beacons}, statuses: {"<path> <status>": n}, resent,
// secrets: [...], errors: [...]}. "rrweb" counts the distinct rrweb events posthog-js sent for
// the session ($snapshot events counted once by uuid), "metadata" its page views, autocaptured
// events and exceptions. Env: CHROMIUM (default /usr/bin/chromium).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { startCaptureProxy } from './capture-proxy.mjs';
import { launch, serveSite, structureScript } from './chromium.mjs';

const require = createRequire(import.meta.url);
const [captureUrl, token] = process.argv.slice(2);
if (!captureUrl || !token) {
  console.error('usage: node replay/record-posthog.mjs CAPTURE_URL TOKEN');
  process.exit(2);
}
const EMAIL = 'ada.lovelace@example.com';
const PASSWORD = 'correct-horse-battery-9';
const SECRET = 'PIN 4711-0815 never leaves the page';
const PLANTED_ERROR = 'planted: avatar service down';
const STRUCTURE_OPTIONS = { maskValues: true, blockClass: 'ph-no-capture' };
const METADATA = new Set(['$pageview', '$autocapture', '$exception']);

const page = (apiHost) => `<!doctype html><html><head><meta charset="utf-8"><title>Sign in</title>
<script src="/posthog/array.js"></script>
<script>posthog.init(${JSON.stringify(token)}, { api_host: ${JSON.stringify(apiHost)},
  loaded: function () { window.phLoaded = true; } });</script>
<style>body{font:16px sans-serif;margin:24px} li.done{text-decoration:line-through}</style></head>
<body><h1 id="title">Sign in</h1>
<form id="login"><label>Email <input id="email" type="email" autocomplete="off"></label>
<label>Password <input id="password" type="password"></label>
<button id="sign-in" type="submit">Sign in</button></form>
<div class="ph-no-capture" id="secret"><p>${SECRET}</p></div>
<ul id="list"><li>Welcome</li></ul>
<p id="status">Not signed in</p>
<script>
document.getElementById('login').addEventListener('submit', function (e) {
  e.preventDefault();
  document.getElementById('status').textContent = 'Signed in as ' + document.getElementById('email').value.split('@')[0];
  fetch('/api/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"remember":true}' })
    .then(function (r) { return r.json(); })
    .then(function (j) { var li = document.createElement('li'); li.textContent = 'Session ' + j.id; document.getElementById('list').appendChild(li); });
});
</script></body></html>`;

const posthogJs = await readFile(path.join(path.dirname(require.resolve('posthog-js/package.json')), 'dist/array.js'));
const result = { sessionId: null, structure: null, structureOptions: STRUCTURE_OPTIONS,
  sent: { rrweb: 0, metadata: 0, requests: 0, beacons: 0 }, statuses: {}, resent: null,
  secrets: [PASSWORD, SECRET, '4711-0815'], errors: [] };
const snapshots = new Map();
const metadata = new Map();
let firstSnapshotRequest = null;

// What posthog-js sends to capture, noted as the proxy passes it on.
function note(request) {
  const key = request.pathname + ' ' + request.status;
  if (request.method === 'OPTIONS') return;
  result.statuses[key] = (result.statuses[key] || 0) + 1;
  if (request.method !== 'POST') return;
  if (request.headers['sec-fetch-mode'] === 'no-cors') result.sent.beacons++;
  if (request.pathname === '/s/' && !firstSnapshotRequest) {
    firstSnapshotRequest = { url: captureUrl + request.pathname + request.search, body: request.body,
      contentType: request.headers['content-type'] };
  }
  if (!['/s/', '/e/', '/i/v0/e/', '/batch/'].includes(request.pathname)) return;
  result.sent.requests++;
  for (const e of decode(request.body)) {
    const props = e.properties || {};
    if (e.event === '$snapshot') snapshots.set(e.uuid, props);
    else if (METADATA.has(e.event) && props.$session_id) metadata.set(e.uuid, props.$session_id);
  }
}
const proxy = await startCaptureProxy(captureUrl, note);
const apiHost = proxy.url;

const server = await serveSite({
  '/posthog/array.js': ['text/javascript', posthogJs],
  '/api/session': ['application/json', '{"id":"s-42"}'],
  '/bye': ['text/html', '<!doctype html><p>Bye</p>'],
}, page(apiHost));
const origin = `http://shop.test:${server.address().port}`;

// Decodes a body the way capture must: gzip by its magic bytes, data=<base64|json> forms, JSON.
function decode(buffer) {
  if (!buffer || buffer.length === 0) return [];
  let text;
  if (buffer[0] === 0x1f && buffer[1] === 0x8b) text = zlib.gunzipSync(buffer).toString('utf8');
  else {
    text = buffer.toString('utf8');
    if (text.startsWith('data=')) {
      const v = decodeURIComponent(text.slice(5).split('&')[0].replace(/\+/g, ' '));
      text = /^\s*[[{]/.test(v) ? v : Buffer.from(v, 'base64').toString('utf8');
    }
  }
  const json = JSON.parse(text);
  return Array.isArray(json) ? json : Array.isArray(json.batch) ? json.batch : [json];
}

// posthog-js treats a "HeadlessChrome" user agent and navigator.webdriver as bots and sends nothing.
const browser = await launch(['--disable-blink-features=AutomationControlled', '--host-resolver-rules=MAP *.test 127.0.0.1']);
try {
  const context = await browser.newContext({ viewport: { width: 1100, height: 750 },
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36' });
  const tab = await context.newPage();
  // The page throws one error on purpose (posthog-js's exception autocapture sends it); others count.
  tab.on('pageerror', (e) => { if (!String(e).includes(PLANTED_ERROR)) result.errors.push(String(e)); });
  await tab.goto(origin + '/');
  await tab.waitForFunction(() => window.phLoaded && window.posthog.sessionRecordingStarted(), null, { timeout: 20000 });
  result.sessionId = await tab.evaluate(() => window.posthog.get_session_id());
  await tab.waitForTimeout(500);
  await tab.click('#email');
  await tab.keyboard.type(EMAIL, { delay: 15 });
  await tab.click('#password');
  await tab.keyboard.type(PASSWORD, { delay: 15 });
  // Long enough for posthog-js to send what it has with fetch; the rest goes with sendBeacon.
  await tab.waitForTimeout(7000);
  await tab.setViewportSize({ width: 900, height: 700 });
  await tab.click('#sign-in');
  await tab.waitForFunction(() => document.querySelectorAll('#list li').length === 2);
  await tab.evaluate(() => {
    console.log('signed in', { at: Date.now() });
    console.error('avatar failed to load');
    const list = document.getElementById('list');
    for (const item of ['Invoices', 'Settings', 'Team']) {
      const li = document.createElement('li');
      li.textContent = item;
      list.appendChild(li);
    }
    list.firstElementChild.classList.add('done');
    list.children[2].remove();
  });
  await tab.evaluate((message) => setTimeout(() => { throw new Error(message); }, 0), PLANTED_ERROR);
  await tab.mouse.move(300, 200);
  await tab.waitForTimeout(3000);
  await tab.addScriptTag({ content: structureScript });
  result.structure = await tab.evaluate((o) => window.domStructure(document, o), STRUCTURE_OPTIONS);
  // Leaving the page: posthog-js sends what it still holds with sendBeacon.
  await tab.goto(origin + '/bye');
  await tab.waitForTimeout(1500);
  await context.close();
} catch (e) {
  result.errors.push(String(e && e.stack || e));
} finally {
  await browser.close();
  // Beacons sent at unload may still be on their way to capture.
  await proxy.settled();
  server.close();
  proxy.close();
}

for (const props of snapshots.values()) {
  if (props.$session_id === result.sessionId) result.sent.rrweb += (props.$snapshot_data || []).length;
}
for (const session of metadata.values()) {
  if (session === result.sessionId) result.sent.metadata++;
}
if (firstSnapshotRequest) {
  const r = await fetch(firstSnapshotRequest.url, { method: 'POST', body: firstSnapshotRequest.body,
    headers: { 'content-type': firstSnapshotRequest.contentType || 'text/plain', origin } });
  result.resent = r.status;
}
console.log(JSON.stringify(result));
process.exit(result.errors.length ? 1 : 0);
