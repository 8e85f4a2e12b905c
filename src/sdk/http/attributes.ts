import type { IncomingMessage } from 'node:http';
import type { Attributes } from '@opentelemetry/api';

const KNOWN_METHODS = new Set(['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE', 'QUERY']);

/** Per semantic conventions, methods outside the known set are reported as _OTHER. */
export function normalizeMethod(method: string | undefined): string {
  return method !== undefined && KNOWN_METHODS.has(method) ? method : '_OTHER';
}

/** Attributes of an incoming request known at its start (HTTP semantic conventions, stable). */
export function requestAttributes(req: IncomingMessage, method: string, scheme: string): Attributes {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const attrs: Attributes = {
    'http.request.method': method,
    'url.scheme': scheme,
    'url.path': q === -1 ? url : url.slice(0, q),
    'network.protocol.version': req.httpVersion,
  };
  if (q !== -1) attrs['url.query'] = url.slice(q + 1);
  if (method === '_OTHER') attrs['http.request.method_original'] = req.method;
  const host = req.headers.host;
  if (host) {
    const colon = host.lastIndexOf(':');
    if (colon > 0 && host[0] !== '[') {
      attrs['server.address'] = host.slice(0, colon);
      attrs['server.port'] = Number(host.slice(colon + 1));
    } else attrs['server.address'] = host;
  }
  const ua = req.headers['user-agent'];
  if (ua) attrs['user_agent.original'] = ua;
  const client = req.socket?.remoteAddress;
  if (client) attrs['client.address'] = client;
  return attrs;
}

/**
 * What Vigil's own span processors read when a request's span starts (the
 * error tracker's breadcrumb: method and path), as the first keys of
 * `requestAttributes`, so that the rest, added right after, keep their order.
 */
export function leadingRequestAttributes(attrs: Attributes): Attributes {
  return { 'http.request.method': attrs['http.request.method'], 'url.scheme': attrs['url.scheme'], 'url.path': attrs['url.path'] };
}

interface ExpressLikeRequest extends IncomingMessage {
  baseUrl?: string;
  route?: { path?: unknown };
}

/**
 * The route template Express matched, read when the response ends:
 * `req.baseUrl + req.route.path` (Express 4 and 5). Undefined when no route matched.
 */
export function expressRoute(req: IncomingMessage): string | undefined {
  const r = req as ExpressLikeRequest;
  const path = r.route?.path;
  if (path === undefined) return undefined;
  const tail = typeof path === 'string' ? path : String(path);
  const base = r.baseUrl ?? '';
  return base + tail || '/';
}
