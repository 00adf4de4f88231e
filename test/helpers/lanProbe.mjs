// A plain client on the other desk's PC: run inside the desk namespace by the second-desk test
// (`ip netns exec … node lanProbe.mjs REQUESTS_JSON CA_PEM_FILE`). Each request is made as given
// (http:// or https://, trusting only the host's certificate) and its status and body printed
// as one JSON array; a connection that fails is {"error": "..."}.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';

const [requestsJson, caFile] = process.argv.slice(2);
const ca = fs.readFileSync(caFile, 'utf8');

function one({ url, method = 'POST', headers = {}, body }) {
  const u = new URL(url);
  const lib = u.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const req = lib.request(u, { method, headers, ca, timeout: 5000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (e) => resolve({ error: e.message }));
    req.end(body);
  });
}

const out = [];
for (const r of JSON.parse(requestsJson)) out.push(await one(r));
process.stdout.write(JSON.stringify(out));
