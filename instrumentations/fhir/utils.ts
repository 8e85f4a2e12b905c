import { RESOURCE_TYPES } from './resource-types.js';
import type { FhirCall, FhirInteraction } from './types.js';

const DEFAULT_TYPES: ReadonlySet<string> = new Set(RESOURCE_TYPES);

/** `https://h/fhir/Patient?x=1` → `/fhir/Patient`, `?x=1`; a bare path is taken as it is. */
export function splitUrl(url: string): { origin: string; path: string; query: string } {
  let origin = '';
  let rest = url;
  const scheme = url.indexOf('://');
  if (scheme !== -1) {
    const slash = url.indexOf('/', scheme + 3);
    origin = slash === -1 ? url : url.slice(0, slash);
    rest = slash === -1 ? '/' : url.slice(slash);
  }
  const hash = rest.indexOf('#');
  if (hash !== -1) rest = rest.slice(0, hash);
  const q = rest.indexOf('?');
  return q === -1 ? { origin, path: rest, query: '' } : { origin, path: rest.slice(0, q), query: rest.slice(q + 1) };
}

/**
 * The FHIR REST interaction of an HTTP call, or undefined when the URL is not
 * a FHIR REST call. The base URL may have any prefix (`/fhir`, `/baseR4`):
 * the first segment naming a resource type (or `metadata`, `_history`,
 * `$operation` at system level) marks where the FHIR part starts.
 */
export function parseFhirUrl(method: string, url: string, types: ReadonlySet<string> = DEFAULT_TYPES): FhirCall | undefined {
  const m = method.toUpperCase();
  const { path } = splitUrl(url);
  const segs = path.split('/').filter((s) => s !== '');
  // Every server and client span passes here: the prefix grows as we go instead of being rebuilt per segment.
  let prefix = '/';
  for (let k = 0; k < segs.length; k++) {
    const seg = segs[k]!;
    if (types.has(seg)) return typeLevel(m, segs.slice(k + 1), seg, prefix + seg, types);
    const last = k === segs.length - 1;
    if (seg === 'metadata' && last && m === 'GET') return { interaction: 'capabilities', path: prefix + seg };
    if (seg === '_history' && last && m === 'GET') return { interaction: 'history', path: prefix + seg };
    if (seg.startsWith('$') && last) return { interaction: 'operation', operation: seg, path: prefix + seg };
    prefix += seg + '/';
  }
  return undefined;
}

function typeLevel(m: string, rest: string[], type: string, base: string, types: ReadonlySet<string>): FhirCall | undefined {
  const call = (interaction: FhirInteraction, path: string, operation?: string): FhirCall =>
    operation === undefined ? { interaction, resourceType: type, path } : { interaction, resourceType: type, operation, path };
  if (rest.length === 0) {
    // Type level: search, create, or the conditional update / patch / delete.
    const byMethod: Record<string, FhirInteraction> = { GET: 'search', HEAD: 'search', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };
    return byMethod[m] ? call(byMethod[m], base) : undefined;
  }
  const [first, second, third] = rest;
  if (first === '_search') return call('search', `${base}/_search`);
  if (first === '_history') return rest.length === 1 ? call('history', `${base}/_history`) : undefined;
  if (first.startsWith('$')) return call('operation', `${base}/${first}`, first);
  // `first` is a resource id: never reported, the path says `:id`.
  const instance = `${base}/:id`;
  if (rest.length === 1) {
    const byMethod: Record<string, FhirInteraction> = { GET: 'read', HEAD: 'read', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };
    return byMethod[m] ? call(byMethod[m], instance) : undefined;
  }
  if (second === '_history') {
    if (rest.length === 2) return call('history', `${instance}/_history`);
    if (rest.length === 3 && third !== undefined) return call('vread', `${instance}/_history/:vid`);
    return undefined;
  }
  if (second.startsWith('$') && rest.length === 2) return call('operation', `${instance}/${second}`, second);
  // Compartment search: Patient/:id/Observation.
  if (types.has(second) && rest.length === 2 && (m === 'GET' || m === 'HEAD')) {
    return { interaction: 'search', resourceType: second, path: `${instance}/${second}` };
  }
  return undefined;
}

/** Query values out (`name=Jane` → `name=?`): FHIR search parameters are patient data. Keys stay. */
export function maskQuery(query: string): string {
  if (query === '') return '';
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq === -1 ? pair : `${pair.slice(0, eq)}=?`;
    })
    .join('&');
}

/** `FHIR read Patient`, `FHIR operation $everything Patient`, `FHIR capabilities`. */
export function fhirSpanName(call: FhirCall): string {
  let name = `FHIR ${call.interaction}`;
  if (call.operation) name += ` ${call.operation}`;
  if (call.resourceType) name += ` ${call.resourceType}`;
  return name;
}
