import { marksPhi } from './phi-names.js';

interface ParsedRoute {
  /** Segment count, without a trailing empty one. */
  length: number;
  /** The route with each parameter as its bare `:name` (modifiers dropped). */
  clean: string;
  /** Index → `:name` for the parameters whose name marks PHI. */
  phi: [number, string][];
}

const cache = new Map<string, ParsedRoute | null>();
const templates = new Set<string>();

/** Whether a path is a route template this process produced (`/patients/:id`): code, not data. */
export function isRouteTemplate(path: string): boolean {
  return path.includes(':') && templates.has(path);
}

// Routes are few and repeat on every request: each is parsed once.
function parse(route: string): ParsedRoute | null {
  let parsed = cache.get(route);
  if (parsed !== undefined) return parsed;
  const r = route.split('/');
  if (r.length > 1 && r[r.length - 1] === '') r.pop();
  const phi: [number, string][] = [];
  let params = 0;
  for (let i = 0; i < r.length; i++) {
    if (r[i]!.charCodeAt(0) !== 58 /* : */) continue;
    // `:id(\\d+)`, `:id?`: the name is what precedes any modifier.
    const name = /^:([\w$]+)/.exec(r[i]!)?.[1] ?? 'param';
    r[i] = ':' + name;
    params++;
    if (marksPhi(name)) phi.push([i, name]);
  }
  parsed = params === 0 ? null : { length: r.length, clean: r.join('/'), phi };
  if (cache.size < 1024) {
    cache.set(route, parsed);
    if (parsed) templates.add(parsed.clean);
  }
  return parsed;
}

/**
 * `/patients/John%20Smith/chart` under the route `/patients/:who/chart` →
 * `/patients/:who/chart`: a route parameter is an identifier by construction,
 * whatever it looks like. `onPhi` sees the decoded value of each parameter
 * whose name marks PHI (`:who`, `:patientName`, `:mrn`). Returns undefined
 * when the route has no parameter or the path does not line up with it
 * (wildcards, regex routes): the caller masks it segment by segment instead.
 */
export function applyRoute(path: string, route: string, onPhi?: (name: string, value: string) => void): string | undefined {
  const parsed = route.includes(':') ? parse(route) : null;
  if (parsed === null) return undefined;
  // The path lines up when it has as many segments (a trailing slash aside);
  // its literal segments are the route's, as the router matched them.
  let n = 1;
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) if (i < path.length - 1) n++;
  if (n !== parsed.length) return undefined;
  if (onPhi && parsed.phi.length > 0) {
    // Only the PHI segments are cut out of the path (in order: `phi` is by index).
    let k = 0;
    let start = 0;
    for (let i = 0; k < parsed.phi.length && start <= path.length; i++) {
      let end = path.indexOf('/', start);
      if (end < 0) end = path.length;
      if (parsed.phi[k]![0] === i) {
        if (end > start) onPhi(parsed.phi[k]![1], safeDecode(path.slice(start, end)));
        k++;
      }
      start = end + 1;
    }
  }
  return parsed.clean;
}

function safeDecode(s: string): string {
  // Most parameters (`w`, `1042`) hold neither: no copy, no decoder.
  if (!s.includes('+') && !s.includes('%')) return s;
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}
