// Opens an exported package's index.html from disk in headless Chromium with every network
// request refused, waits until the player has played the session to its end, and prints what it
// saw as JSON: {"finished":true,"structure":"...","requests":[...],"errors":[...]}. "requests"
// lists every non-file URL the page tried to load (all were refused).
//
//   node replay/play-offline.mjs PATH/TO/index.html [TIMEOUT_MS]
//
// Env: CHROMIUM (default /usr/bin/chromium).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [file, timeoutArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node replay/play-offline.mjs PATH/TO/index.html [TIMEOUT_MS]');
  process.exit(2);
}
const timeout = Number(timeoutArg || 60000);
const structureScript = readFileSync(new URL('./dom-structure.js', import.meta.url), 'utf8');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run'],
});
const result = { finished: false, structure: null, requests: [], errors: [] };
try {
  const context = await browser.newContext({ offline: true, viewport: { width: 1280, height: 900 } });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    result.requests.push(url);
    return route.abort('internetdisconnected');
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => result.errors.push(String(e)));
  await page.goto(pathToFileURL(path.resolve(file)).href);
  await page.waitForFunction(() => window.player && window.player.getReplayer, null, { timeout });
  // Played to the end: the replayer's clock has reached the recording's length and it stopped.
  await page.waitForFunction(() => {
    const r = window.player.getReplayer();
    return r.service.state.matches('paused') && r.getCurrentTime() >= r.getMetaData().totalTime;
  }, null, { timeout, polling: 100 });
  result.finished = true;
  const frame = page.frames().find((f) => f !== page.mainFrame());
  await frame.addScriptTag({ content: structureScript }).catch(() => {});
  result.structure = await page.evaluate((script) => {
    const doc = document.querySelector('.replayer-wrapper iframe').contentDocument;
    const w = {};
    new Function('window', script)(w);
    return w.domStructure(doc);
  }, structureScript);
} catch (e) {
  result.errors.push(String(e));
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
process.exit(result.finished ? 0 : 1);
