import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/child.js';

// The dashboards' Service, Job and Instance variables, and a panel filtered by
// them, evaluated by `promtool test rules` (promql_expr_test) on series of the
// two label shapes: scraped from Vigil's /metrics (target_info has
// service_name) and remote-written by the Collector (service.name became the
// job `namespace/name`, target_info has no service_name). Under the second,
// the Service drop-down used to be empty.

interface Variable {
  name: string;
  regex?: string;
  allValue?: string;
  query?: { query: string };
}
interface Panel {
  title: string;
  targets?: Array<{ expr?: string }>;
}
const overview = JSON.parse(readFileSync(resolve(ROOT, 'grafana/dashboards/vigil-overview.json'), 'utf8')) as {
  templating: { list: Variable[] };
  panels: Panel[];
};
const variable = (name: string) => overview.templating.list.find((v) => v.name === name)!;
/** The PromQL inside `query_result(...)`. */
const inner = (v: Variable) => v.query!.query.match(/^query_result\((.*)\)$/s)![1]!;
const fiveXx = overview.panels.find((p) => p.title === '5xx by route (last 5 min)')!.targets![0]!.expr!;

/** What Grafana sends for one picked service (a regex-escaped value), or for "All". */
function pick(expr: string, service: string): string {
  return expr
    .replace(/\$\{?service\}?/g, service)
    .replace(/\$\{?(job|instance)\}?/g, variable('job').allValue ?? '.*')
    .replace(/\$__rate_interval/g, '1m');
}

const SERIES = `
      - series: 'target_info{job="vigil",instance="a:9464",service_name="emr-api"}'
        values: '1x10'
      - series: 'target_info{job="vigil",instance="b:9464",service_name="emr-api"}'
        values: '1x10'
      - series: 'http_server_request_duration_seconds_count{job="vigil",instance="a:9464",http_route="/boom",http_response_status_code="500"}'
        values: '0+1x10'
      - series: 'http_server_request_duration_seconds_count{job="vigil",instance="b:9464",http_route="/boom",http_response_status_code="500"}'
        values: '0+1x10'
      - series: 'target_info{job="clinic/lab-results",instance="0b6c2f4e"}'
        values: '1x10'
      - series: 'http_server_request_duration_seconds_count{job="clinic/lab-results",instance="0b6c2f4e",http_route="/results",http_response_status_code="503"}'
        values: '0+2x10'`;

interface Expect {
  expr: string;
  samples: Array<[string, number]>;
}

function promtool(tests: Expect[]): void {
  const dir = tempDir('vigil-grafana-vars-');
  const body = tests
    .map(
      (t) => `      - expr: ${JSON.stringify(t.expr)}
        eval_time: 5m
        exp_samples:
${t.samples.map(([labels, value]) => `          - labels: ${JSON.stringify(labels)}\n            value: ${value}`).join('\n')}`,
    )
    .join('\n');
  const file = join(dir, 'tests.yaml');
  writeFileSync(file, `rule_files: []\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:${SERIES}\n    promql_expr_test:\n${body}\n`);
  try {
    execFileSync('promtool', ['test', 'rules', file], { encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    throw new Error(`promtool test rules failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

describe('Grafana variables over scraped and remote-written series', () => {
  it('each variable is a query_result whose regex takes the value from the series Prometheus prints', () => {
    for (const name of ['service', 'job', 'instance']) {
      const v = variable(name);
      expect(v.query!.query, name).toMatch(/^query_result\(/);
      const m = new RegExp(v.regex!.slice(1, -1)).exec(`{${name}="clinic/lab-results"} 1 1700000000`);
      expect(m?.[1], name).toBe('clinic/lab-results');
    }
  });

  it('Service lists services of both shapes; Job and Instance narrow to the picked one', () => {
    promtool([
      { expr: pick(inner(variable('service')), '.*'), samples: [['{service="emr-api"}', 2], ['{service="lab-results"}', 1]] },
      { expr: pick(inner(variable('job')), 'lab-results'), samples: [['{job="clinic/lab-results"}', 1]] },
      { expr: pick(inner(variable('job')), 'emr-api'), samples: [['{job="vigil"}', 2]] },
      { expr: pick(inner(variable('instance')), 'lab-results'), samples: [['{instance="0b6c2f4e"}', 1]] },
      { expr: pick(inner(variable('instance')), '.*'), samples: [['{instance="a:9464"}', 1], ['{instance="b:9464"}', 1], ['{instance="0b6c2f4e"}', 1]] },
    ]);
  });

  it('a panel keeps exactly the picked service, whichever shape it came in', () => {
    promtool([
      { expr: pick(fiveXx, 'lab-results'), samples: [['{service="lab-results", http_route="/results"}', 10]] },
      { expr: pick(fiveXx, 'emr-api'), samples: [['{service="emr-api", http_route="/boom"}', 10]] },
      { expr: pick(fiveXx, '(emr-api|lab-results)'), samples: [['{service="emr-api", http_route="/boom"}', 10], ['{service="lab-results", http_route="/results"}', 10]] },
      { expr: pick(fiveXx, '.*'), samples: [['{service="emr-api", http_route="/boom"}', 10], ['{service="lab-results", http_route="/results"}', 10]] },
    ]);
  });
});
