import { isIP } from 'node:net';
import type { NextFunction, Request, Response } from 'express';

// Against DNS rebinding: a page on any site can rebind its own host name to
// 127.0.0.1 and then read this server as "same origin". The browser still
// sends that host name in `Host`, so answering only names we know closes the
// door, as Vite, webpack-dev-server and Jupyter do.

/** The host name of a `Host` header, lower-cased, without port or IPv6 brackets. */
export function hostName(header: string): string {
  let h = header.trim().toLowerCase();
  if (h.startsWith('[')) h = h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  else if (h.indexOf(':') >= 0 && h.indexOf(':') === h.lastIndexOf(':')) h = h.slice(0, h.indexOf(':'));
  // (More than one colon without brackets is a bare IPv6 address, not host:port.)
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

/**
 * True when a request naming `host` may be answered: the bound address,
 * `localhost` and its subdomains, any IP literal (a browser sends an IP only
 * when the page itself was loaded from that IP, so it cannot be rebound),
 * and the names of VIGIL_ALLOWED_HOSTS (`.example.org` allows subdomains,
 * `*` turns the check off).
 */
export function hostAllowed(host: string, bound: string, allowed: readonly string[]): boolean {
  const name = hostName(host);
  if (name === '' || allowed.includes('*')) return true;
  if (name === 'localhost' || name.endsWith('.localhost') || isIP(name) !== 0) return true;
  if (name === hostName(bound)) return true;
  return allowed.some((a) => {
    const entry = a.trim().toLowerCase();
    return entry.startsWith('.') ? name === entry.slice(1) || name.endsWith(entry) : name === hostName(entry);
  });
}

/** Middleware refusing any other `Host` with 403 and a line that says how to allow it. */
export function hostGuard(bound: string, allowed: readonly string[] = []) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const host = req.headers.host;
    // No Host at all (HTTP/1.0 scripts) cannot come from a browser.
    if (host === undefined || hostAllowed(host, bound, allowed)) return next();
    res.status(403).set('Cache-Control', 'no-store').type('text/plain');
    res.send(`403: Host "${hostName(host).slice(0, 100)}" is not allowed (against DNS rebinding); add it to VIGIL_ALLOWED_HOSTS\n`);
  };
}
