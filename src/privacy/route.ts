/**
 * `/patients/John%20Smith/chart` under the route `/patients/:who/chart` →
 * `/patients/:who/chart`: a route parameter is an identifier by construction,
 * whatever it looks like. `onParam` sees each parameter's name and decoded
 * value (to remember the PHI ones). Returns undefined when the path does not
 * line up with the route (wildcards, regex routes): the caller masks it
 * segment by segment instead.
 */
export function applyRoute(path: string, route: string, onParam?: (name: string, value: string) => void): string | undefined {
  if (!route.includes(':')) return undefined;
  const r = route.split('/');
  const p = path.split('/');
  // A trailing slash on either side is the same route.
  if (p.length === r.length + 1 && p[p.length - 1] === '') p.pop();
  if (r.length === p.length + 1 && r[r.length - 1] === '') r.pop();
  if (r.length !== p.length) return undefined;
  for (let i = 0; i < r.length; i++) {
    const seg = r[i]!;
    if (seg.charCodeAt(0) !== 58 /* : */) continue;
    // `:id(\\d+)`, `:id?`: the name is what precedes any modifier.
    const name = /^:([\w$]+)/.exec(seg)?.[1] ?? 'param';
    if (onParam && p[i]) onParam(name, safeDecode(p[i]!));
    p[i] = ':' + name;
  }
  return p.join('/');
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}
