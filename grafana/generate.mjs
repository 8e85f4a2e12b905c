// Writes grafana/dashboards/*.json: `node grafana/generate.mjs`.
// Every metric name here is one Vigil exposes on /metrics (OTel Prometheus
// exporter naming: dots → underscores, the unit word appended as the OTel
// Prometheus spec says (_seconds, _bytes; none for `1` and `{…}`), counters get _total;
// see src/metrics/prometheus-names.ts).
// test/e2e/grafana.test.ts runs every expression against a real Prometheus.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BY_SERVICE, dashboard, resetIds, row, SEL, stat, table, timeseries } from './panels.mjs';

const RI = '$__rate_interval';
// Many instances of many services: rates and buckets are summed across the
// instances of a service (by service), never across services; a quantile is
// taken of the summed buckets (averaging per-instance quantiles is wrong).
/** `sum by (service, <by>) (<fn>(<metric>{SEL}[RI]) * BY_SERVICE)` */
const perService = (fn, metric, by = '', sel = '') => `sum by (service${by ? `, ${by}` : ''}) (${fn}(${metric}{${SEL}${sel}}[${RI}]) * ${BY_SERVICE})`;
const q = (name, le) => (p) => `histogram_quantile(${p}, ${perService('rate', `${name}_bucket`, `le${le ? `, ${le}` : ''}`)})`;
const pct = (name) => [['0.5', 'p50'], ['0.95', 'p95'], ['0.99', 'p99']].map(([p, l]) => [q(name)(p), `${l} {{service}}`]);

function overview() {
  resetIds();
  const http = 'http_server_request_duration_seconds';
  return dashboard({
    uid: 'vigil-overview',
    title: 'Vigil / Service overview',
    description: 'Health score and checks, request rate, errors and latency',
    panels: [
      row('Health'),
      stat('Health score', [[`min by (service) (vigil_health_score{${SEL}} * ${BY_SERVICE})`, '{{service}}']], {
        w: 6,
        h: 6,
        decimals: 0,
        thresholds: [[null, 'red'], [50, 'orange'], [80, 'green']],
        description: '0-100 from the latest check results; a failing critical check caps it at 50',
      }),
      stat('Health checks', [[`min by (service, check) (vigil_health_status{${SEL}} * ${BY_SERVICE})`, '{{service}} {{check}}']], {
        w: 18,
        h: 6,
        thresholds: [[null, 'red'], [0.5, 'orange'], [1, 'green']],
        mappings: [{ type: 'value', options: { 0: { text: 'fail' }, 0.5: { text: 'warn' }, 1: { text: 'pass' } } }],
        description: 'vigil_health_status: 1 pass, 0.5 warn, 0 fail',
      }),
      timeseries('Health score over time', [[`vigil_health_score{${SEL}}`, '{{instance}}']], { w: 24, h: 6, min: 0 }),
      row('Requests'),
      timeseries('Request rate by route', [[perService('rate', `${http}_count`, 'http_route'), '{{service}} {{http_route}}']], { unit: 'reqps', stack: true }),
      timeseries('Responses by status code', [[perService('rate', `${http}_count`, 'http_response_status_code'), '{{service}} {{http_response_status_code}}']], { unit: 'reqps', stack: true }),
      timeseries(
        'Server error ratio (5xx)',
        [[`${perService('rate', `${http}_count`, '', ', http_response_status_code=~"5.."')} / ${perService('rate', `${http}_count`)}`, '{{service}}']],
        { unit: 'percentunit', min: 0 },
      ),
      timeseries('5xx by route (last 5 min)', [[`sum by (service, http_route) (increase(${http}_count{${SEL}, http_response_status_code=~"5.."}[5m]) * ${BY_SERVICE})`, '{{service}} {{http_route}}']], { min: 0 }),
      timeseries('Request latency', pct(http), { unit: 's' }),
      timeseries('p95 latency by route', [[q(http, 'http_route')('0.95'), '{{service}} {{http_route}}']], { unit: 's' }),
      row('Outgoing calls'),
      timeseries('Outgoing HTTP p95 by host', [[q('http_client_request_duration_seconds', 'server_address')('0.95'), '{{service}} {{server_address}}']], { unit: 's' }),
      timeseries('Outgoing HTTP rate by status', [[perService('rate', 'http_client_request_duration_seconds_count', 'http_response_status_code'), '{{service}} {{http_response_status_code}}']], { unit: 'reqps' }),
    ],
  });
}

function emr() {
  resetIds();
  const genai = 'gen_ai_client_operation_duration_seconds';
  return dashboard({
    uid: 'vigil-emr',
    title: 'Vigil / EMR operations',
    description: 'Consultations, prescriptions, patient search, and the LLM behind them',
    panels: [
      row('Clinic activity'),
      stat('Consultations in progress', [[`sum(emr_consultations_active{${SEL}})`, 'active']], { w: 8, h: 5 }),
      stat('Patients created (1h)', [[`sum by (service) (increase(emr_patients_created_total{${SEL}}[1h]) * ${BY_SERVICE})`, '{{service}}']], { w: 8, h: 5, decimals: 0 }),
      stat('Visits saved (1h)', [[`sum by (service) (increase(emr_visits_saved_total{${SEL}}[1h]) * ${BY_SERVICE})`, '{{service}}']], { w: 8, h: 5, decimals: 0 }),
      timeseries(
        'Patients created and visits saved',
        [
          [perService('rate', 'emr_patients_created_total'), 'patients created {{service}}'],
          [perService('rate', 'emr_visits_saved_total'), 'visits saved {{service}}'],
        ],
        { unit: 'ops' },
      ),
      timeseries('Consultations in progress', [[`sum by (instance) (emr_consultations_active{${SEL}})`, '{{instance}}']], { min: 0 }),
      row('Operation latency'),
      timeseries('Consultation duration', pct('emr_consultation_duration_seconds'), { unit: 's', w: 8 }),
      timeseries('Prescription generation', pct('emr_prescription_generation_duration_seconds'), { unit: 's', w: 8 }),
      timeseries('Patient search', pct('emr_patient_search_duration_seconds'), { unit: 's', w: 8 }),
      row('LLM (gen_ai)'),
      timeseries('LLM latency p95 by model', [[q(genai, 'gen_ai_request_model')('0.95'), '{{service}} {{gen_ai_request_model}}']], { unit: 's', w: 8 }),
      timeseries('LLM calls by operation', [[perService('rate', `${genai}_count`, 'gen_ai_operation_name'), '{{service}} {{gen_ai_operation_name}}']], { unit: 'ops', w: 8 }),
      timeseries('Tokens by type', [[perService('rate', 'gen_ai_client_token_usage_sum', 'gen_ai_token_type'), '{{service}} {{gen_ai_token_type}}']], { unit: 'short', w: 8, stack: true, description: 'tokens per second' }),
    ],
  });
}

function errors() {
  resetIds();
  return dashboard({
    uid: 'vigil-errors',
    title: 'Vigil / Errors and alerts',
    description: 'Captured errors by group and type, alert transitions, failing requests and database operations',
    panels: [
      row('Errors'),
      timeseries('Errors by type', [[perService('rate', 'vigil_errors_total', 'type'), '{{service}} {{type}}']], { unit: 'ops', stack: true }),
      table('Top error groups (1h)', [[`topk(10, sum by (service, group, type) (increase(vigil_errors_total{${SEL}}[1h]) * ${BY_SERVICE}))`, '{{service}} {{type}} {{group}}']], {
        description: 'group = the error fingerprint; `vigil errors show <group>` prints the latest event',
      }),
      row('Alerts'),
      timeseries('Alert transitions by state', [[`sum by (service, state) (increase(vigil_alerts_total{${SEL}}[5m]) * ${BY_SERVICE})`, '{{service}} {{state}}']], { stack: true }),
      timeseries('Alerts firing by severity (1h)', [[`sum by (service, severity) (increase(vigil_alerts_total{${SEL}, state="firing"}[1h]) * ${BY_SERVICE})`, '{{service}} {{severity}}']]),
      row('Failures'),
      timeseries('Failed checks', [[`count by (service, check) (vigil_health_status{${SEL}} * ${BY_SERVICE} == 0)`, '{{service}} {{check}}']], { description: 'checks whose latest status is fail' }),
      timeseries('5xx responses (5 min)', [[`sum by (service, http_route, http_response_status_code) (increase(http_server_request_duration_seconds_count{${SEL}, http_response_status_code=~"5.."}[5m]) * ${BY_SERVICE})`, '{{service}} {{http_response_status_code}} {{http_route}}']]),
      timeseries('Failed database operations (5 min)', [[`sum by (service, db_operation_name, error_type) (increase(db_client_operation_duration_seconds_count{${SEL}, error_type!=""}[5m]) * ${BY_SERVICE})`, '{{service}} {{db_operation_name}} {{error_type}}']], { w: 24 }),
    ],
  });
}

function runtime() {
  resetIds();
  return dashboard({
    uid: 'vigil-runtime',
    title: 'Vigil / Node runtime and process',
    description: 'Event loop, GC and heap (instrumentation-runtime-node); CPU and memory (instrumentation-host-metrics)',
    panels: [
      row('Event loop'),
      timeseries(
        'Event loop delay',
        [
          [`max by (instance) (nodejs_eventloop_delay_p50_seconds{${SEL}})`, 'p50 {{instance}}'],
          [`max by (instance) (nodejs_eventloop_delay_p99_seconds{${SEL}})`, 'p99 {{instance}}'],
          [`max by (instance) (nodejs_eventloop_delay_max_seconds{${SEL}})`, 'max {{instance}}'],
        ],
        { unit: 's' },
      ),
      timeseries('Event loop utilization', [[`max by (instance) (nodejs_eventloop_utilization{${SEL}})`, '{{instance}}']], { unit: 'percentunit', min: 0 }),
      row('GC and heap'),
      timeseries('GC time per second by type', [[perService('rate', 'v8js_gc_duration_seconds_sum', 'v8js_gc_type'), '{{service}} {{v8js_gc_type}}']], { unit: 's', stack: true }),
      timeseries('GC pauses p99', [[q('v8js_gc_duration_seconds', 'v8js_gc_type')('0.99'), '{{service}} {{v8js_gc_type}}']], { unit: 's' }),
      timeseries('Heap used by space', [[`sum by (v8js_heap_space_name) (v8js_memory_heap_used_bytes{${SEL}})`, '{{v8js_heap_space_name}}']], { unit: 'bytes', stack: true }),
      timeseries(
        'Heap used vs size',
        [
          [`sum by (instance) (v8js_memory_heap_used_bytes{${SEL}})`, 'used {{instance}}'],
          [`sum by (instance) (v8js_memory_heap_space_size_bytes{${SEL}})`, 'size {{instance}}'],
        ],
        { unit: 'bytes' },
      ),
      row('Process'),
      timeseries('CPU utilization', [[`sum by (instance, cpu_mode) (process_cpu_utilization{${SEL}})`, '{{cpu_mode}} {{instance}}']], { unit: 'percentunit', stack: true, w: 8 }),
      timeseries('CPU seconds per second', [[perService('rate', 'process_cpu_time_seconds_total', 'cpu_mode'), '{{service}} {{cpu_mode}}']], { unit: 's', stack: true, w: 8 }),
      timeseries('Resident memory', [[`max by (instance) (process_memory_usage{${SEL}})`, '{{instance}}']], { unit: 'bytes', w: 8 }),
      timeseries('Active handles by type', [[`sum by (v8js_resource_type) (v8js_resource_active{${SEL}})`, '{{v8js_resource_type}}']], { w: 24 }),
    ],
  });
}

function jobs() {
  resetIds();
  // The gauges carry the job id as `vigil.progress.job` (a bare `job` would
  // clash with Prometheus' own target label).
  return dashboard({
    uid: 'vigil-jobs',
    title: 'Vigil / Batch jobs',
    description: 'Progress, throughput, failures and ETA of tracked batch jobs (vigil_progress_*)',
    panels: [
      timeseries('Items processed', [[`max by (vigil_progress_job) (vigil_progress_processed{${SEL}})`, '{{vigil_progress_job}}']], { min: 0 }),
      timeseries('Throughput', [[`max by (vigil_progress_job) (deriv(vigil_progress_processed{${SEL}}[${RI}]))`, '{{vigil_progress_job}}']], { unit: 'ops', min: 0, description: 'items per second' }),
      timeseries('Items failed', [[`max by (vigil_progress_job) (vigil_progress_failed{${SEL}})`, '{{vigil_progress_job}}']], { min: 0 }),
      timeseries('ETA', [[`max by (vigil_progress_job) (vigil_progress_eta_seconds{${SEL}})`, '{{vigil_progress_job}}']], { unit: 's', min: 0 }),
      table('Jobs now', [[`max by (vigil_progress_job) (vigil_progress_processed{${SEL}})`, '{{vigil_progress_job}}']], { w: 24, h: 6 }),
    ],
  });
}

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'dashboards');
mkdirSync(out, { recursive: true });
for (const [file, d] of [
  ['vigil-overview.json', overview()],
  ['vigil-emr.json', emr()],
  ['vigil-errors.json', errors()],
  ['vigil-runtime.json', runtime()],
  ['vigil-jobs.json', jobs()],
]) {
  writeFileSync(join(out, file), JSON.stringify(d, null, 2) + '\n');
  console.log(`wrote ${join('grafana/dashboards', file)}`);
}
