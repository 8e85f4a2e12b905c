import type { Attributes } from '@opentelemetry/api';

const MAX_SETS = 2000;

/**
 * The attribute sets of `http.server.request.duration` points, built once per
 * method, scheme, protocol version, status, route and error type and then
 * handed out again: a service answers a few dozen of these combinations, so
 * a request allocates no object for its point. Sets are frozen, because the
 * metrics SDK keeps the first one it sees as the key of its series. Past
 * MAX_SETS distinct sets (unbounded routes), new ones are built per request
 * and not kept; the views' cardinality limit bounds the series either way.
 */
export class EndAttributeSets {
  private readonly sets = new Map<string, Attributes>();
  private readonly names = new WeakMap<Attributes, string>();

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

  get(method: string, scheme: string, version: string, status: number, route: string | undefined, errorType: string | undefined): Attributes {
    // \u0000 cannot occur in a method, scheme, version or status; route and
    // error type come last, each after a marker, so no two keys collide.
    const key = `${method}\u0000${scheme}\u0000${version}\u0000${status}\u0000${route === undefined ? '-' : `+${route}`}\u0000${errorType ?? ''}`;
    let set = this.sets.get(key);
    if (set === undefined) {
      set = build(method, scheme, version, status, route, errorType);
      if (this.sets.size < MAX_SETS) this.sets.set(key, set);
    }
    return set;
  }
}

function build(method: string, scheme: string, version: string, status: number, route: string | undefined, errorType: string | undefined): Attributes {
  const attrs: Attributes = {
    'http.request.method': method,
    'url.scheme': scheme,
    'http.response.status_code': status,
    'network.protocol.version': version,
  };
  if (route !== undefined) attrs['http.route'] = route;
  if (errorType !== undefined) attrs['error.type'] = errorType;
  return Object.freeze(attrs);
}
