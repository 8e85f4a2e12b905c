import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAlertingSection } from '../../../src/alerting/index.js';
import { loadConfig } from '../../../src/config/index.js';
import { parseHealthSection } from '../../../src/health/index.js';
import { parseRedactionSection } from '../../../src/privacy/index.js';

const ROOT = resolve(import.meta.dirname, '../../..');

describe("the README's example configuration file", () => {
  it('is accepted by every section parser without a single problem', () => {
    const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
    const yaml = readme.match(/```yaml\n([\s\S]*?)```/)?.[1];
    expect(yaml).toBeDefined();
    const file = join(mkdtempSync(join(tmpdir(), 'vigil-readme-')), 'vigil.config.yaml');
    writeFileSync(file, yaml!);
    const env = { VIGIL_CONFIG: file, SMTP_PASSWORD: 'p', SLACK_WEBHOOK_URL: 'https://hooks.slack.example/x', WEBHOOK_SECRET: 'whsec_c2VjcmV0' };
    const { config, problems } = loadConfig(env, ROOT);
    expect(problems.lines).toEqual([]);
    const cfg = config.file!;
    const s = cfg.sections;
    expect(parseHealthSection(s.health, cfg.where).problems).toEqual([]);
    expect(parseHealthSection(s.health, cfg.where).checks).toHaveLength(5);
    const alerting = parseAlertingSection({ alerts: s.alerts, channels: s.channels, routing: s.routing, silences: s.silences }, cfg.where, env);
    expect(alerting.problems).toEqual([]);
    expect(alerting.config.rules.map((r) => r.name)).toEqual(['SlowConsultations', 'ManyErrors']);
    expect(parseRedactionSection(s.redaction, cfg.where).problems).toEqual([]);
  });

  it("the demo's vigil.config.yaml is accepted without a problem too", () => {
    const { config, problems } = loadConfig({ VIGIL_CONFIG: 'examples/emr-clinic/vigil.config.yaml' }, ROOT);
    expect(problems.lines).toEqual([]);
    const { sections: s, where } = config.file!;
    expect(parseHealthSection(s.health, where).problems).toEqual([]);
    expect(parseAlertingSection({ alerts: s.alerts, channels: s.channels, routing: s.routing, silences: s.silences }, where).problems).toEqual([]);
    expect(parseRedactionSection(s.redaction, where).problems).toEqual([]);
  });
});
