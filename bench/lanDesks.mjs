// The desks of `lan.booking.p95Ms`, run inside the desk namespace by bench/lan.ts:
//   node lanDesks.mjs PLAN_JSON_FILE CA_PEM_FILE
// Each desk signs in over HTTPS (trusting only the host's certificate) and books its slots one
// after another, as a receptionist does; all desks at once. Prints every booking's round trip in
// ms (JSON), and the failures with their messages.
import fs from 'node:fs';
import https from 'node:https';

const [planFile, caFile] = process.argv.slice(2);
const plan = JSON.parse(fs.readFileSync(planFile, 'utf8'));
const ca = fs.readFileSync(caFile, 'utf8');

function post(agent, path, body, cookie) {
  return new Promise((resolve, reject) => {
    const text = JSON.stringify(body);
    const req = https.request(
      new URL(path, plan.url),
      {
        method: 'POST',
        agent,
        ca,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
          ...(cookie ? { cookie } : {}),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode,
            setCookie: res.headers['set-cookie'],
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

async function desk(d) {
  // One PC, one connection kept open (as a browser keeps its HTTPS connection to the host).
  const agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca });
  const signIn = await post(agent, '/api/auth/signIn', {
    username: d.username,
    password: plan.password,
  });
  if (!signIn.body.ok) throw new Error(`${d.username}: ${signIn.body.error.message}`);
  const cookie = signIn.setCookie[0].split(';')[0];
  const times = [];
  const failures = [];
  for (const b of d.bookings) {
    const start = performance.now();
    const r = await post(agent, '/api/appointments/book', b, cookie);
    times.push(performance.now() - start);
    if (!r.body.ok) failures.push(`${r.body.error.code} ${r.body.error.message}`);
  }
  agent.destroy();
  return { times, failures };
}

const results = await Promise.all(plan.desks.map(desk));
process.stdout.write(
  JSON.stringify({
    times: results.flatMap((r) => r.times),
    failures: results.flatMap((r) => r.failures),
  }),
);
