import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** The token of the request: `Authorization: Bearer <t>` or `?token=<t>`. */
export function givenToken(req: Request): string | undefined {
  const bearer = req.get('authorization')?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  return bearer ?? (typeof req.query.token === 'string' ? req.query.token : undefined);
}

export function tokenMatches(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The router guards itself, so `vigil dashboard --db` is as safe as the
 * server (which may guard it a second time: harmless).
 */
export function guard(token: string | undefined) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!token || tokenMatches(givenToken(req), token)) return next();
    res.status(401).set('WWW-Authenticate', 'Bearer realm="vigil"').set('Cache-Control', 'no-store');
    if (req.accepts(['json', 'html']) === 'html') res.type('text/plain').send('401: this dashboard needs its token (open it as /monitoring?token=...)\n');
    else res.json({ error: 'a valid token is required (Authorization: Bearer or ?token=)' });
  };
}
