// Small builders for Grafana 10+ dashboard JSON (schemaVersion 39). Used by
// generate.mjs; the generated JSON in dashboards/ is what users import.

export const DS = { type: 'prometheus', uid: '${DS_PROMETHEUS}' };
/** Every panel query filters on these; they follow the service picked through target_info. */
export const SEL = 'job=~"$job", instance=~"$instance"';
/**
 * target_info's series of the services picked in $service, in both label
 * shapes: scraped from Vigil's /metrics, target_info has `service_name` (the
 * OTel resource); through the Collector's remote write it has none, and
 * `service.name` became the `job` (`namespace/name`).
 */
const pickedTargets = (sel) =>
  `(target_info{service_name=~"$service"${sel}} or target_info{service_name="", job=~"(?:.*/)?(?:$service)"${sel}})`;
/** Copies the service (service_name, else the job's last part) into a `service` label. */
const serviceLabel = (expr) => `label_replace(label_replace(${expr}, "service", "$1", "job", "(?:.*/)?(.+)"), "service", "$1", "service_name", "(.+)")`;

/**
 * `* ${BY_SERVICE}` gives each series its service, copied as `service` from
 * target_info onto the series of the same target. Then `sum by (service)`
 * adds the instances of a service and keeps services apart, whether
 * Prometheus has one job for all or one job per service. The join is inner:
 * it also keeps only the services picked in $service.
 */
export const BY_SERVICE = `on (job, instance) group_left (service) ${serviceLabel(`max by (job, instance, service_name) ${pickedTargets(`, ${SEL}`)}`)}`;

export function variables() {
  // query_result + regex rather than label_values: the service comes from one
  // of two labels, and label_values takes a selector, not an expression.
  const query = (name, label, q) => ({
    type: 'query',
    name,
    label,
    datasource: DS,
    definition: q,
    query: { query: q, refId: 'PrometheusVariableQueryEditor-VariableQuery' },
    regex: `/${name}="([^"]+)"/`,
    refresh: 2,
    includeAll: true,
    // "All" is any value, so a series whose label is absent still matches.
    allValue: '.*',
    multi: true,
    sort: 1,
    current: {},
    options: [],
    hide: 0,
  });
  return [
    { type: 'datasource', name: 'DS_PROMETHEUS', label: 'Data source', query: 'prometheus', current: {}, options: [], refresh: 1, hide: 0, regex: '' },
    // The service lives on target_info (resource attributes); job/instance tie it to every other series.
    query('service', 'Service', `query_result(count by (service) (${serviceLabel('target_info')}))`),
    query('job', 'Job', `query_result(count by (job) ${pickedTargets('')})`),
    query('instance', 'Instance', `query_result(count by (instance) ${pickedTargets(', job=~"$job"')})`),
  ];
}

let nextId = 1;
export function resetIds() {
  nextId = 1;
}

function targets(queries) {
  return queries.map(([expr, legendFormat], i) => ({
    datasource: DS,
    expr,
    legendFormat: legendFormat ?? '__auto',
    range: true,
    refId: String.fromCharCode(65 + i),
  }));
}

/** A time series panel; `queries` are [expr, legend] pairs. */
export function timeseries(title, queries, { unit = 'short', w = 12, h = 8, description, stack = false, min } = {}) {
  return {
    id: nextId++,
    type: 'timeseries',
    title,
    description,
    datasource: DS,
    gridPos: { w, h },
    fieldConfig: {
      defaults: {
        unit,
        min,
        custom: { drawStyle: 'line', lineWidth: 1, fillOpacity: stack ? 30 : 10, showPoints: 'never', spanNulls: true, stacking: { mode: stack ? 'normal' : 'none', group: 'A' } },
      },
      overrides: [],
    },
    options: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } },
    targets: targets(queries),
  };
}

/** A single-value panel with colour thresholds: [[value, colour], ...] from the lowest. */
export function stat(title, queries, { unit = 'short', w = 6, h = 5, thresholds = [[null, 'green']], mappings = [], description, decimals } = {}) {
  return {
    id: nextId++,
    type: 'stat',
    title,
    description,
    datasource: DS,
    gridPos: { w, h },
    fieldConfig: {
      defaults: {
        unit,
        decimals,
        mappings,
        thresholds: { mode: 'absolute', steps: thresholds.map(([value, color]) => ({ value, color })) },
        color: { mode: 'thresholds' },
      },
      overrides: [],
    },
    options: { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'background', graphMode: 'area', textMode: 'value_and_name', justifyMode: 'auto', orientation: 'auto' },
    targets: targets(queries),
  };
}

/** An instant table (one row per series), e.g. top error groups. */
export function table(title, queries, { w = 12, h = 8, description, unit = 'short' } = {}) {
  return {
    id: nextId++,
    type: 'table',
    title,
    description,
    datasource: DS,
    gridPos: { w, h },
    fieldConfig: { defaults: { unit }, overrides: [] },
    options: { showHeader: true, cellHeight: 'sm', sortBy: [{ displayName: 'Value', desc: true }] },
    transformations: [{ id: 'labelsToFields', options: { mode: 'columns' } }, { id: 'merge', options: {} }],
    targets: targets(queries).map((t) => ({ ...t, instant: true, range: false, format: 'table' })),
  };
}

export function row(title) {
  return { id: nextId++, type: 'row', title, collapsed: false, gridPos: { w: 24, h: 1 }, panels: [] };
}

/** Flows panels left to right, top to bottom, on Grafana's 24-column grid. */
export function layout(panels) {
  let x = 0;
  let y = 0;
  let rowH = 0;
  for (const p of panels) {
    if (p.type === 'row' || x + p.gridPos.w > 24) {
      y += rowH;
      x = 0;
      rowH = 0;
    }
    p.gridPos = { ...p.gridPos, x, y };
    x += p.gridPos.w;
    rowH = Math.max(rowH, p.gridPos.h);
    if (p.type === 'row') {
      y += 1;
      x = 0;
      rowH = 0;
    }
  }
  return panels;
}

export function dashboard({ uid, title, description, panels }) {
  return {
    uid,
    title,
    description,
    tags: ['vigil'],
    editable: true,
    graphTooltip: 1,
    schemaVersion: 39,
    version: 1,
    time: { from: 'now-1h', to: 'now' },
    refresh: '30s',
    timezone: 'browser',
    fiscalYearStartMonth: 0,
    liveNow: false,
    weekStart: '',
    annotations: { list: [{ builtIn: 1, datasource: { type: 'grafana', uid: '-- Grafana --' }, enable: true, hide: true, iconColor: 'rgba(0, 211, 255, 1)', name: 'Annotations & Alerts', type: 'dashboard' }] },
    links: [{ title: 'Vigil dashboards', type: 'dashboards', tags: ['vigil'], asDropdown: true, includeVars: true, keepTime: true }],
    templating: { list: variables() },
    panels: layout(panels),
  };
}
