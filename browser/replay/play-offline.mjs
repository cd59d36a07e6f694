// Opens an exported package's index.html from disk in headless Chromium with every network
// request refused, waits until the player has played the session to its end, and prints what it
// saw as JSON: {"finished":true,"structure":"...","requests":[...],"errors":[...]}. "requests"
// lists every non-file URL the page tried to load (all were refused).
//
//   node replay/play-offline.mjs PATH/TO/index.html [TIMEOUT_MS]
//
// Env: CHROMIUM (default /usr/bin/chromium).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, replayedStructure, waitUntilPlayed } from './chromium.mjs';

const [file, timeoutArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node replay/play-offline.mjs PATH/TO/index.html [TIMEOUT_MS]');
  process.exit(2);
}
const timeout = Number(timeoutArg || 60000);

const browser = await launch();
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
  await waitUntilPlayed(page, timeout);
  result.finished = true;
  result.structure = await replayedStructure(page);
} catch (e) {
  result.errors.push(String(e));
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
process.exit(result.finished ? 0 : 1);
