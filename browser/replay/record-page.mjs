// Records a scripted visit to a small page with rrweb in headless Chromium: a person types into
// a text field and a text area, ticks a box, adds three items to a list, removes one and renames
// another, all within a few seconds. Writes the rrweb events (one JSON per line) and the page's
// structure at the end (dom-structure.js) for a replay to be compared with.
//
//   node replay/record-page.mjs EVENTS.ndjson STRUCTURE.txt
//
// Env: CHROMIUM (default /usr/bin/chromium).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { launch, serveSite, structureScript } from './chromium.mjs';

const require = createRequire(import.meta.url);
const [eventsOut, structureOut] = process.argv.slice(2);
if (!eventsOut || !structureOut) {
  console.error('usage: node replay/record-page.mjs EVENTS.ndjson STRUCTURE.txt');
  process.exit(2);
}

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Shopping list</title>
<script src="/rrweb.js"></script>
<script>rrweb.record({ emit: (e) => window.__emit(JSON.stringify(e)) });</script>
<style>body{font:16px sans-serif;margin:24px} li.done{text-decoration:line-through}</style></head>
<body><h1 id="title">Shopping list</h1>
<form id="add"><label>Item <input id="item" type="text" autocomplete="off"></label>
<button id="add-button" type="submit">Add</button></form>
<label><input id="urgent" type="checkbox"> Urgent</label>
<p><textarea id="note" rows="2" cols="40"></textarea></p>
<ul id="list"><li class="seed">Bread</li></ul>
<p id="status">Nothing added yet</p>
<script>
document.getElementById('add').addEventListener('submit', (e) => {
  e.preventDefault();
  const input = document.getElementById('item');
  const li = document.createElement('li');
  li.textContent = input.value;
  document.getElementById('list').appendChild(li);
  document.getElementById('status').textContent = document.querySelectorAll('#list li').length + ' items';
  input.value = '';
});
</script></body></html>`;

const rrwebUmd = await readFile(path.join(path.dirname(require.resolve('rrweb')), 'rrweb.umd.min.cjs'), 'utf8');
const server = await serveSite({ '/rrweb.js': ['text/javascript', rrwebUmd] }, PAGE);

const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
  const events = [];
  await page.exposeFunction('__emit', (json) => events.push(json));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForTimeout(300);
  for (const item of ['Milk', 'Eggs', 'Coffee']) {
    await page.click('#item');
    await page.keyboard.type(item, { delay: 30 });
    await page.click('#add-button');
    await page.waitForTimeout(150);
  }
  await page.check('#urgent');
  await page.click('#note');
  await page.keyboard.type('Ask for oat milk', { delay: 20 });
  await page.evaluate(() => {
    document.querySelector('#list li:nth-child(3)').remove();
    const first = document.querySelector('#list li');
    first.textContent = 'Sourdough bread';
    first.classList.add('done');
  });
  await page.mouse.move(400, 300);
  await page.waitForTimeout(500);
  await page.addScriptTag({ content: structureScript });
  const structure = await page.evaluate(() => window.domStructure(document));
  await page.waitForTimeout(200);
  await writeFile(eventsOut, events.join('\n') + '\n');
  await writeFile(structureOut, structure);
  console.log(JSON.stringify({ events: events.length, structureLines: structure.split('\n').length }));
} finally {
  await browser.close();
  server.close();
}
