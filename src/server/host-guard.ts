import { isIP } from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import { OnceReporter } from '../sdk/once-reporter.js';

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
  if (name === '') return true;
  if (name === 'localhost' || name.endsWith('.localhost') || isIP(name) !== 0) return true;
  return name === hostName(bound) || listed(name, allowed);
}

/** A name of VIGIL_ALLOWED_HOSTS: exact, a `.suffix` for subdomains, or `*`. */
function listed(name: string, allowed: readonly string[]): boolean {
  return allowed.some((a) => {
    const entry = a.trim().toLowerCase();
    return entry === '*' || (entry.startsWith('.') ? name === entry.slice(1) || name.endsWith(entry) : name === hostName(entry));
  });
}

/** The host of an `Origin` header, or undefined for `null` and garbage. */
function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The page is this server's own (same host and port), or one of VIGIL_ALLOWED_HOSTS. */
function sameSite(origin: string, host: string | undefined, allowed: readonly string[]): boolean {
  const from = originHost(origin)?.toLowerCase();
  if (from === undefined) return false;
  if (host !== undefined && from === host.trim().toLowerCase()) return true;
  return listed(hostName(from), allowed);
}

/**
 * Middleware refusing any other `Host` with 403 and a line that says how to
 * allow it. A request that changes something (POST/DELETE) from a page of
 * another site is refused on its `Origin` too, as Jupyter does: the browser
 * sends it even where no preflight is made.
 */
export function hostGuard(bound: string, allowed: readonly string[] = []) {
  // A scraper refused by name should be visible in the application's log too: once per name, bounded.
  const reporter = new OnceReporter();
  return (req: Request, res: Response, next: NextFunction): void => {
    const host = req.headers.host;
    const origin = req.headers.origin;
    // No Host at all (HTTP/1.0 scripts) cannot come from a browser.
    const hostOk = host === undefined || hostAllowed(host, bound, allowed);
    if (hostOk && (origin === undefined || SAFE_METHODS.has(req.method) || sameSite(origin, host, allowed))) return next();
    const what = hostOk ? `Origin "${origin!.slice(0, 100)}"` : `Host "${hostName(host!).slice(0, 100)}"`;
    reporter.report(what, `vigil: the telemetry server refused a request for ${what}; if it is yours, add it to VIGIL_ALLOWED_HOSTS`);
    res.status(403).set('Cache-Control', 'no-store').type('text/plain');
    res.send(`403: ${what} is not allowed (against DNS rebinding and cross-site requests); add it to VIGIL_ALLOWED_HOSTS\n`);
  };
}
