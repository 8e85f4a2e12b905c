import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** True when the request carries the token, as `Authorization: Bearer <t>` or `?token=<t>`. */
export function hasToken(req: Request, token: string): boolean {
  const header = req.headers.authorization;
  const given = header?.startsWith('Bearer ') ? header.slice(7) : typeof req.query.token === 'string' ? req.query.token : undefined;
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Guards /monitoring and /api when VIGIL_DASHBOARD_TOKEN is set. */
export function requireToken(token: string | undefined) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!token || hasToken(req, token)) return next();
    res.status(401).set('WWW-Authenticate', 'Bearer realm="vigil"').json({ error: 'a valid token is required (Authorization: Bearer or ?token=)' });
  };
}
