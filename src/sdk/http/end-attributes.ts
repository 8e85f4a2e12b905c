import type { Attributes } from '@opentelemetry/api';

const MAX_SETS = 2000;
// What normalizeMethod (attributes.ts) can answer; anything else is never kept.
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'CONNECT', 'TRACE', 'QUERY', '_OTHER'];
const MAX_VERSIONS = 8;

/**
 * The attribute sets of `http.server.request.duration` points, built once per
 * method, scheme, protocol version, status, route and error type and then
 * handed out again: a service answers a few dozen of these combinations, so
 * a request allocates no object for its point. Sets are frozen, because the
 * metrics SDK keeps the first one it sees as the key of its series. Past
 * MAX_SETS distinct sets (unbounded routes), new ones are built per request
 * and not kept; the views' cardinality limit bounds the series either way.
 * Looked up by route, then by one number for the rest: no key string is
 * built per request.
 */
export class EndAttributeSets {
  private readonly byRoute = new Map<string | undefined, Map<number, Attributes>>();
  private readonly versions = new Map<string, number>();
  private size = 0;
  private readonly names = new WeakMap<Attributes, string>();

  /** `aborted`: the client went away before the response was complete; a 5xx is an error by its status. */
  get(method: string, scheme: string, version: string, status: number, route: string | undefined, aborted: boolean): Attributes {
    const key = this.keyOf(method, scheme, version, status, aborted);
    let sets = this.byRoute.get(route);
    let set = key === undefined ? undefined : sets?.get(key);
    if (set === undefined) {
      set = build(method, scheme, version, status, route, aborted);
      if (key !== undefined && this.size < MAX_SETS) {
        if (sets === undefined) this.byRoute.set(route, (sets = new Map()));
        sets.set(key, set);
        this.size++;
      }
    }
    return set;
  }

  /**
   * The span name `METHOD route` of a set's requests, one string per set:
   * the same string object every time, so the maps that look names up
   * (the redactor's) hash it once.
   */
  spanName(set: Attributes, method: string, route: string): string {
    let name = this.names.get(set);
    if (name === undefined) {
      name = `${method} ${route}`;
      this.names.set(set, name);
    }
    return name;
  }

  /** Undefined for a combination that is not kept (an unknown method or scheme, a ninth protocol version). */
  private keyOf(method: string, scheme: string, version: string, status: number, aborted: boolean): number | undefined {
    const m = METHODS.indexOf(method);
    const s = scheme === 'http' ? 0 : scheme === 'https' ? 1 : -1;
    let v = this.versions.get(version);
    if (v === undefined && this.versions.size < MAX_VERSIONS) this.versions.set(version, (v = this.versions.size));
    if (m < 0 || s < 0 || v === undefined || !Number.isInteger(status) || status < 0 || status > 999) return undefined;
    return (((status * METHODS.length + m) * 2 + s) * MAX_VERSIONS + v) * 2 + (aborted ? 1 : 0);
  }
}

function build(method: string, scheme: string, version: string, status: number, route: string | undefined, aborted: boolean): Attributes {
  const attrs: Attributes = {
    'http.request.method': method,
    'url.scheme': scheme,
    'http.response.status_code': status,
    'network.protocol.version': version,
  };
  if (route !== undefined) attrs['http.route'] = route;
  const errorType = status >= 500 ? String(status) : aborted ? 'aborted' : undefined;
  if (errorType !== undefined) attrs['error.type'] = errorType;
  return Object.freeze(attrs);
}
