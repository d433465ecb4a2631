// A Morna webhook receiver: verifies Morna-Signature and acknowledges each event once.
// Run: WEBHOOK_SECRET=whsec_… PORT=8787 node examples/webhook-receiver.mjs
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const secret = process.env.WEBHOOK_SECRET;
if (!secret) throw new Error('Set WEBHOOK_SECRET to the endpoint\'s signing secret (whsec_…)');
/** Signatures older (or newer) than this are refused: a captured request cannot be replayed later. */
const TOLERANCE_SECONDS = 5 * 60;
/** Event ids already handled: retries and replays carry the same Morna-Event-Id. Use a database in production. */
const seen = new Set();

/** True when `header` (t=<unix>,v1=<hex>) signs `body` with `secret` within the tolerance. */
export function verify(header, body, key, nowSeconds = Math.floor(Date.now() / 1000)) {
  const parts = Object.fromEntries((header ?? '').split(',').map((p) => p.split('=', 2)));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > TOLERANCE_SECONDS || !parts.v1) return false;
  const expected = createHmac('sha256', key).update(`${t}.${body}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    // Verify the raw bytes as received: re-serialised JSON would not match.
    const body = Buffer.concat(chunks).toString('utf8');
    if (req.method !== 'POST' || !verify(req.headers['morna-signature'], body, secret)) {
      res.writeHead(400).end('bad signature');
      return;
    }
    const event = JSON.parse(body);
    const duplicate = seen.has(event.id);
    seen.add(event.id);
    console.log(JSON.stringify({ verified: true, duplicate, id: event.id, type: event.type, delivery: req.headers['morna-delivery-id'], data: event.data }));
    // Answer 2xx quickly; do slow work afterwards (Morna gives up on a request after 10 s and retries).
    res.writeHead(204).end();
  });
});
server.listen(Number(process.env.PORT ?? 8787), '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
