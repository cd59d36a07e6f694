// Records a scripted visit with plain rrweb record() on a page of another origin (shop.test,
// mapped to loopback) that posts its events to capture's native endpoint
// (POST /v1/sessions/{id}/events, JSON, Authorization: Bearer <capture key>), as a site would
// wire rrweb itself: a batch a second, the rest with fetch(keepalive) when the page is left. The
// Authorization header makes every POST a CORS request with a preflight; capture's
// Access-Control-Max-Age lets the browser preflight once. The calls go through
// capture-proxy.mjs, which passes everything on and counts what was sent and preflighted.
//
//   node replay/record-rrweb-cors.mjs CAPTURE_URL CAPTURE_KEY
//
// Prints JSON: {sessionId, structure, structureOptions, sent: {events, posts}, preflights,
// statuses: {"<method> <status>": n}, secrets: [...], errors: [...]}. Env: CHROMIUM.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startCaptureProxy } from './capture-proxy.mjs';
import { launch, serveSite, structureScript } from './chromium.mjs';

const require = createRequire(import.meta.url);
const [captureUrl, key] = process.argv.slice(2);
if (!captureUrl || !key) {
  console.error('usage: node replay/record-rrweb-cors.mjs CAPTURE_URL CAPTURE_KEY');
  process.exit(2);
}
const PASSWORD = 'tr0ub4dor&3-rrweb';
const STRUCTURE_OPTIONS = { maskValues: true };

const result = { sessionId: null, structure: null, structureOptions: STRUCTURE_OPTIONS,
  sent: { events: 0, posts: 0 }, preflights: 0, statuses: {}, secrets: [PASSWORD], errors: [] };
const proxy = await startCaptureProxy(captureUrl, (r) => {
  const k = r.method + ' ' + r.status;
  result.statuses[k] = (result.statuses[k] || 0) + 1;
  if (r.method === 'OPTIONS') result.preflights++;
  if (r.method === 'POST' && r.status === 202) {
    result.sent.posts++;
    result.sent.events += JSON.parse(r.body.toString('utf8')).length;
  }
});

const page = `<!doctype html><html><head><meta charset="utf-8"><title>Orders</title>
<script src="/rrweb.js"></script>
<script>
  // crypto.randomUUID needs a secure context; an http page makes its own id.
  const endpoint = ${JSON.stringify(proxy.url)} + '/v1/sessions/rrweb-' + Date.now().toString(36) + Math.random().toString(36).slice(2) + '/events';
  window.sessionId = endpoint.split('/')[5];
  let queue = [];
  function send(keepalive) {
    if (!queue.length) return;
    const body = JSON.stringify(queue);
    queue = [];
    fetch(endpoint, { method: 'POST', keepalive, headers: { 'Authorization': 'Bearer ' + ${JSON.stringify(key)},
      'Content-Type': 'application/json' }, body });
  }
  rrweb.record({ emit: (e) => queue.push(e) });
  const timer = setInterval(() => send(false), 1000);
  window.holdBatches = () => clearInterval(timer);
  addEventListener('pagehide', () => send(true));
</script>
<style>body{font:16px sans-serif;margin:24px}</style></head>
<body><h1 id="title">Orders</h1>
<form id="login"><label>User <input id="user" type="text" autocomplete="off"></label>
<label>Password <input id="password" type="password"></label>
<button id="go" type="submit">Open</button></form>
<ol id="orders"><li>#1001</li></ol><p id="status">Locked</p>
<script>
document.getElementById('login').addEventListener('submit', function (e) {
  e.preventDefault();
  document.getElementById('status').textContent = 'Open';
  fetch('/api/orders').then(function (r) { return r.json(); }).then(function (j) {
    j.forEach(function (o) { var li = document.createElement('li'); li.textContent = o; document.getElementById('orders').appendChild(li); });
  });
});
</script></body></html>`;

const rrwebUmd = await readFile(path.join(path.dirname(require.resolve('rrweb')), 'rrweb.umd.min.cjs'), 'utf8');
const server = await serveSite({
  '/rrweb.js': ['text/javascript', rrwebUmd],
  '/api/orders': ['application/json', '["#1002","#1003"]'],
  '/bye': ['text/html', '<!doctype html><p>Bye</p>'],
}, page);
const origin = `http://shop.test:${server.address().port}`;

const browser = await launch(['--host-resolver-rules=MAP *.test 127.0.0.1']);
try {
  const tab = await browser.newPage({ viewport: { width: 1024, height: 700 } });
  tab.on('pageerror', (e) => result.errors.push(String(e)));
  await tab.goto(origin + '/');
  result.sessionId = await tab.evaluate(() => window.sessionId);
  await tab.click('#user');
  await tab.keyboard.type('grace', { delay: 20 });
  await tab.click('#password');
  await tab.keyboard.type(PASSWORD, { delay: 20 });
  await tab.click('#go');
  await tab.waitForFunction(() => document.querySelectorAll('#orders li').length === 3);
  await tab.setViewportSize({ width: 800, height: 600 });
  await tab.evaluate(() => {
    document.querySelector('#orders li').remove();
    document.getElementById('title').textContent = 'Orders (2)';
  });
  // Past Chromium's 5 s default preflight cache: without Max-Age the batches preflight again.
  await tab.waitForTimeout(6000);
  // From here on only pagehide sends: the change below reaches capture with fetch(keepalive) or not at all.
  await tab.evaluate(() => {
    window.holdBatches();
    document.getElementById('orders').lastElementChild.classList.add('new');
  });
  await tab.addScriptTag({ content: structureScript });
  result.structure = await tab.evaluate((o) => window.domStructure(document, o), STRUCTURE_OPTIONS);
  await tab.goto(origin + '/bye');
  await tab.waitForTimeout(1000);
} catch (e) {
  result.errors.push(String(e && e.stack || e));
} finally {
  await browser.close();
  await proxy.settled();
  server.close();
  proxy.close();
}
console.log(JSON.stringify(result));
process.exit(result.errors.length ? 1 : 0);
