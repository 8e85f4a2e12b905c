import type { NextFunction, Request, Response } from 'express';

/**
 * Every query this server answers fits in a short URL (a window, a limit, a
 * token, a trace id); a longer one is a mistake or a probe, and refusing it
 * here keeps each route's parsing bounded. Bodies are bounded where they are
 * read (express.json with a limit, on POST /api/silences only).
 */
export const MAX_URL_CHARS = 2048;
/** Query parameters at most; the parser stops counting there (node:querystring's maxKeys). */
export const MAX_QUERY_KEYS = 32;

export function limitRequest() {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.originalUrl.length <= MAX_URL_CHARS) return next();
    res.status(414).type('text/plain').send(`414: the URL is longer than ${MAX_URL_CHARS} characters\n`);
  };
}
