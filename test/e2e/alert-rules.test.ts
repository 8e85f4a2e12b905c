import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/child.js';

// `promtool test rules` on grafana/prometheus/alerts.yaml with series of two
// shapes: scraped from Vigil's /metrics (target_info has service_name, one
// job for every service) and remote-written by the Collector (service.name
// became the job `namespace/name`, target_info has no service_name). Either
// way each alert names its service, so Alertmanager groups by it.

const RULES = resolve(ROOT, 'grafana/prometheus/alerts.yaml');

const TESTS = `rule_files: [${RULES}]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'target_info{job="vigil",instance="a:9464",service_name="emr-api"}'
        values: '1x10'
      - series: 'http_server_request_duration_seconds_count{job="vigil",instance="a:9464",http_route="/boom",http_response_status_code="500"}'
        values: '0+1x10'
      - series: 'target_info{job="clinic/lab-results",instance="0b6c2f4e"}'
        values: '1x10'
      - series: 'http_server_request_duration_seconds_count{job="clinic/lab-results",instance="0b6c2f4e",http_response_status_code="503"}'
        values: '0+2x10'
      # b:9464 goes down at 2m: its target_info is gone with it.
      - series: 'up{job="vigil",instance="b:9464"}'
        values: '1 1 0 0 0 0 0 0'
      - series: 'target_info{job="vigil",instance="b:9464",service_name="emr-api"}'
        values: '1 1'
    alert_rule_test:
      - eval_time: 5m
        alertname: ApiErrors
        exp_alerts:
          - exp_labels: { severity: error, job: vigil, instance: 'a:9464', service: emr-api }
            exp_annotations:
              summary: API errors in emr-api on a:9464
              description: 5 requests answered 5xx in the last 5 minutes (vigil).
          - exp_labels: { severity: error, job: clinic/lab-results, instance: 0b6c2f4e, service: lab-results }
            exp_annotations:
              summary: API errors in lab-results on 0b6c2f4e
              description: 10 requests answered 5xx in the last 5 minutes (clinic/lab-results).
      - eval_time: 5m
        alertname: TargetDown
        exp_alerts:
          - exp_labels: { severity: critical, job: vigil, instance: 'b:9464', service: emr-api }
            exp_annotations:
              summary: vigil on b:9464 is down
              description: Prometheus cannot scrape b:9464/metrics; the process is down or VIGIL_PORT is off.
`;

describe('the bundled Prometheus rules across services and instances', () => {
  it('label every alert with its service, from scraped and from remote-written series', () => {
    const file = join(tempDir('vigil-rules-'), 'tests.yaml');
    writeFileSync(file, TESTS);
    let out: string;
    try {
      out = execFileSync('promtool', ['test', 'rules', file], { encoding: 'utf8', stdio: 'pipe' });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      throw new Error(`promtool test rules failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    }
    expect(out).toContain('SUCCESS');
  });
});
