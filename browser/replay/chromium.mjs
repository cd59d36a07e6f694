// What the replay scripts share: headless Chromium as these machines run it, and how to tell that
// a page's rrweb player (window.player) has played its session to the end and what it shows.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { chromium } from 'playwright-core';

export const structureScript = readFileSync(new URL('./dom-structure.js', import.meta.url), 'utf8');

// A small site on loopback for the recorders: routes map a path to [content type, body]; every
// other path gets the page. Resolves to the listening server.
export async function serveSite(routes, page) {
  const server = http.createServer((req, res) => {
    const [type, body] = routes[req.url] || ['text/html; charset=utf-8', page];
    res.writeHead(200, { 'content-type': type });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

export function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', ...extraArgs],
  });
}

// Waits until the player exists (or the page reports window.playerProblem), then until its clock
// has reached the recording's length and it has stopped.
export async function waitUntilPlayed(page, timeout) {
  await page.waitForFunction(() => (window.player && window.player.getReplayer) || window.playerProblem, null, { timeout });
  const problem = await page.evaluate(() => window.playerProblem || null);
  if (problem) throw new Error(problem);
  await page.waitForFunction(() => {
    const r = window.player.getReplayer();
    return r.service.state.matches('paused') && r.getCurrentTime() >= r.getMetaData().totalTime;
  }, null, { timeout, polling: 100 });
}

// The structure (dom-structure.js, with its options) of the document the player shows.
export function replayedStructure(page, options) {
  return page.evaluate(([script, opts]) => {
    const doc = document.querySelector('.replayer-wrapper iframe').contentDocument;
    const w = {};
    new Function('window', script)(w);
    return w.domStructure(doc, opts);
  }, [structureScript, options || null]);
}
