// A pass-through proxy in front of a capture service for browser tests: every request and answer
// goes through unchanged (CORS headers included), and each is noted for the test. The browser's
// own request events miss what pages send with navigator.sendBeacon at unload; this sees all.
//
//   const proxy = await startCaptureProxy(captureUrl, (request) => { ... });
//   proxy.url        the address to give the page instead of captureUrl
//   proxy.settled()  resolves once no request is on its way (beacons sent at unload)
//   proxy.close()
// request: {method, pathname, search, headers, body (Buffer), status}
import http from 'node:http';

export async function startCaptureProxy(captureUrl, onRequest) {
  let pending = 0;
  const server = http.createServer((req, res) => {
    pending++;
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url, captureUrl);
      const headers = { ...req.headers };
      for (const h of ['host', 'connection', 'content-length']) delete headers[h];
      let status = 502;
      try {
        const answer = await fetch(url, { method: req.method, headers,
          body: ['GET', 'HEAD'].includes(req.method) ? undefined : body });
        const out = Buffer.from(await answer.arrayBuffer());
        const copied = {};
        answer.headers.forEach((v, k) => {
          if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(k)) copied[k] = v;
        });
        status = answer.status;
        res.writeHead(status, copied);
        res.end(out);
      } catch (e) {
        res.writeHead(status);
        res.end(String(e));
      } finally {
        try {
          onRequest({ method: req.method, pathname: url.pathname, search: url.search, headers: req.headers, body, status });
        } finally {
          pending--;
        }
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    async settled(timeoutMs = 15000) {
      for (let waited = 0; pending > 0 && waited < timeoutMs; waited += 100) await new Promise((r) => setTimeout(r, 100));
    },
    close() { server.close(); },
  };
}
