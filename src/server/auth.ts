import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

// VIGIL_DASHBOARD_TOKEN, for every router that needs it (the server, the
// dashboard, /health details): one reading of the request, one comparison.

/** The token of the request: `Authorization: Bearer <t>` or `?token=<t>`. */
export function givenToken(req: Request): string | undefined {
  const bearer = req.get('authorization')?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  return bearer ?? (typeof req.query.token === 'string' ? req.query.token : undefined);
}

/** True when the request carries the token; compared in constant time. */
export function hasToken(req: Request, token: string): boolean {
  const given = givenToken(req);
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Guards a router when a token is set: 401 with a line a person or a script can read. */
export function requireToken(token: string | undefined) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!token || hasToken(req, token)) return next();
    res.status(401).set('WWW-Authenticate', 'Bearer realm="vigil"').set('Cache-Control', 'no-store');
    if (req.accepts(['json', 'html']) === 'html') res.type('text/plain').send('401: this dashboard needs its token (open it as /monitoring?token=...)\n');
    else res.json({ error: 'a valid token is required (Authorization: Bearer or ?token=)' });
  };
}
