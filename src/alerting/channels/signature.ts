import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

/** The key bytes of a Standard Webhooks secret: `whsec_` + base64, or the raw text. */
export function secretBytes(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret, 'utf8');
}

/** Standard Webhooks headers for one delivery: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`. */
export function signHeaders(secret: string, body: string, nowMs = Date.now(), id = `msg_${randomUUID()}`): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const sig = createHmac('sha256', secretBytes(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${sig}` };
}

/**
 * Verify a delivery as a receiver would: any of the space-separated `v1,`
 * signatures must match, and the timestamp must be within `toleranceS`.
 */
export function verifySignature(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  nowMs = Date.now(),
  toleranceS = 300,
): boolean {
  const id = one(headers['webhook-id']);
  const ts = one(headers['webhook-timestamp']);
  const sigs = one(headers['webhook-signature']);
  if (!id || !ts || !sigs || !/^\d+$/.test(ts)) return false;
  if (Math.abs(nowMs / 1000 - Number(ts)) > toleranceS) return false;
  const expected = createHmac('sha256', secretBytes(secret)).update(`${id}.${ts}.${body}`).digest();
  return sigs.split(' ').some((s) => {
    const [v, b64] = s.split(',', 2);
    if (v !== 'v1' || !b64) return false;
    const got = Buffer.from(b64, 'base64');
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
