// Opens the web player page of a stored session (a share link) in headless Chromium, waits until
// it has played the session to its end, and prints what it saw as JSON:
// {"finished":true,"structure":"...","timeline":[{kind,at,what}],"seeked":true,"errors":[...]}.
// "seeked": clicking the first page-change item of the side list moved the player to its time.
//
//   node replay/play-web.mjs URL [TIMEOUT_MS] [STRUCTURE_OPTIONS_JSON]
//
// STRUCTURE_OPTIONS_JSON: dom-structure.js options, e.g. {"maskValues":true,"blockClass":"ph-no-capture"}.
//
// Env: CHROMIUM (default /usr/bin/chromium).
import { launch, replayedStructure, waitUntilPlayed } from './chromium.mjs';

const [url, timeoutArg, structureArg] = process.argv.slice(2);
if (!url) {
  console.error('usage: node replay/play-web.mjs URL [TIMEOUT_MS] [STRUCTURE_OPTIONS_JSON]');
  process.exit(2);
}
const timeout = Number(timeoutArg || 60000);

const browser = await launch();
const result = { finished: false, structure: null, timeline: [], seeked: false, errors: [], outside: [] };
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const origin = new URL(url).origin;
  page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) result.outside.push(r.url()); });
  page.on('pageerror', (e) => result.errors.push(String(e)));
  await page.goto(url);
  await waitUntilPlayed(page, timeout);
  result.finished = true;
  result.structure = await replayedStructure(page, structureArg ? JSON.parse(structureArg) : null);
  result.timeline = await page.evaluate(() => window.timeline);
  const target = result.timeline.findIndex((i) => i.kind === 'page');
  if (target >= 0) {
    await page.locator('#timeline li').nth(target).click();
    await page.waitForTimeout(300);
    const at = await page.evaluate(() => window.player.getReplayer().getCurrentTime());
    result.seeked = Math.abs(at - result.timeline[target].at) < 1000;
  }
} catch (e) {
  result.errors.push(String(e));
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
process.exit(result.finished ? 0 : 1);
