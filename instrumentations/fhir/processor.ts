import { SpanKind, SpanStatusCode, diag } from '@opentelemetry/api';
import type { Attributes, Histogram } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { FhirCall } from './types.js';
import { fhirSpanName, maskQuery, parseFhirUrl, splitUrl } from './utils.js';

export interface FhirProcessorState {
  enabled: boolean;
  duration: Histogram | undefined;
  types: ReadonlySet<string> | undefined;
}

/**
 * Turns HTTP client and server spans of FHIR REST calls into FHIR spans in
 * `onEnding` (the span is still mutable there): `FHIR read Patient`, with
 * `fhir.resource_type` and `fhir.interaction`, ids out of every URL
 * attribute, search values masked, and a `fhir.operation.duration` point.
 * Works on the attributes any HTTP instrumentation sets (stable or old
 * semantic conventions), so it needs no patching of its own.
 */
export class FhirSpanProcessor implements SpanProcessor {
  private warned = false;
  private readonly routes = new Map<string, boolean>();
  private filterFor: ReadonlySet<string> | undefined | null = null;
  private filter: RegExp | undefined;

  constructor(private readonly state: FhirProcessorState) {}

  onStart(): void {}

  onEnding(span: Span): void {
    if (!this.state.enabled || (span.kind !== SpanKind.SERVER && span.kind !== SpanKind.CLIENT)) return;
    try {
      this.process(span);
    } catch (err) {
      if (!this.warned) diag.warn('vigil fhir: could not process a span', err);
      this.warned = true;
    }
  }

  private process(span: Span): void {
    const a = span.attributes;
    const method = a['http.request.method'] ?? a['http.method'];
    if (typeof method !== 'string') return;
    // Most spans of most apps are not FHIR: a server route decides once
    // whether its requests can be, and a URL with no segment that could mark
    // FHIR is not parsed.
    const route = span.kind === SpanKind.SERVER ? a['http.route'] : undefined;
    if (typeof route === 'string' && !this.routeMayBeFhir(route)) return;
    const url = pickUrl(a);
    if (url === undefined) return;
    const filter = this.urlFilter();
    if (filter !== undefined && !filter.test(url)) return;
    const call = parseFhirUrl(method, url, this.state.types);
    if (call === undefined) return;
    span.updateName(fhirSpanName(call));
    const attrs: Attributes = { 'fhir.interaction': call.interaction };
    if (call.resourceType) attrs['fhir.resource_type'] = call.resourceType;
    if (call.operation) attrs['fhir.operation'] = call.operation;
    span.setAttributes({ ...attrs, ...rewrittenUrls(a, call) });
    const [s, ns] = span.duration;
    const metric: Attributes = { ...attrs, 'fhir.side': span.kind === SpanKind.SERVER ? 'server' : 'client' };
    const errorType = a['error.type'] ?? (span.status.code === SpanStatusCode.ERROR ? '_OTHER' : undefined);
    if (errorType !== undefined) metric['error.type'] = errorType;
    this.state.duration?.record(s + ns / 1e9, metric);
  }

  /** A route template can match FHIR URLs when it names a FHIR segment or has a parameter or wildcard that could hold one. */
  private routeMayBeFhir(route: string): boolean {
    let verdict = this.routes.get(route);
    if (verdict === undefined) {
      verdict = /[:*(]/.test(route) || parseFhirUrl('GET', route, this.state.types) !== undefined || (this.urlFilter()?.test(route) ?? true);
      if (this.routes.size < 1024) this.routes.set(route, verdict);
    }
    return verdict;
  }

  /**
   * A quick test a FHIR URL always passes: some segment starts with a capital
   * (resource types are PascalCase), `$`, `_history` or `metadata`. None when
   * configured extra types break that rule: every URL is parsed then.
   */
  private urlFilter(): RegExp | undefined {
    if (this.filterFor !== this.state.types) {
      this.filterFor = this.state.types;
      this.routes.clear();
      const pascal = [...(this.state.types ?? [])].every((t) => /^[A-Z]/.test(t));
      this.filter = pascal ? /\/(?:[A-Z$]|_history|metadata)/ : undefined;
    }
    return this.filter;
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function pickUrl(a: Attributes): string | undefined {
  for (const key of ['url.full', 'http.url', 'http.target']) {
    const v = a[key];
    if (typeof v === 'string') return v;
  }
  const path = a['url.path'];
  if (typeof path !== 'string') return undefined;
  const query = a['url.query'];
  return typeof query === 'string' && query ? `${path}?${query}` : path;
}

/** Every URL attribute rewritten: the FHIR path (ids as `:id`) and masked query values. */
function rewrittenUrls(a: Attributes, call: FhirCall): Attributes {
  const out: Attributes = {};
  for (const key of ['url.full', 'http.url', 'http.target', 'url.path']) {
    const v = a[key];
    if (typeof v !== 'string') continue;
    const { origin, query } = splitUrl(v);
    const q = key === 'url.path' ? '' : maskQuery(query);
    out[key] = origin + call.path + (q ? `?${q}` : '');
  }
  const query = a['url.query'];
  if (typeof query === 'string') out['url.query'] = maskQuery(query);
  return out;
}
