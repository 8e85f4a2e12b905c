import { DiagLogLevel, diag } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { command, desktopChannel } from '../../../src/alerting/channels/desktop.js';
import type { Notification } from '../../../src/alerting/index.js';

const n: Notification = {
  receiver: 'desktop',
  status: 'firing',
  groupKey: '{alertname="Disk"}',
  groupLabels: { alertname: 'Disk' },
  commonLabels: {},
  commonAnnotations: {},
  alerts: [
    { fingerprint: 'f', rule: 'Disk', state: 'firing', severity: 'ERROR', labels: { alertname: 'Disk' }, annotations: { title: 'Disk', message: 'disk at 93%' }, activeAtMs: 0 },
  ],
  severity: 'ERROR',
  externalURL: '',
};

describe('desktop channel', () => {
  it('builds argv per platform, quoting for AppleScript and PowerShell, never a shell', () => {
    expect(command('linux', 'T', 'B', true)).toEqual(['notify-send', ['-a', 'Vigil', '-u', 'critical', 'T', 'B']]);
    expect(command('darwin', 'say "hi"', 'a\\b', false)).toEqual(['osascript', ['-e', 'display notification "a\\\\b" with title "say \\"hi\\""']]);
    const [file, args] = command('win32', "it's", 'x', false);
    expect(file).toBe('powershell.exe');
    expect(args.at(-1)).toContain("'it''s'");
  });

  it('with the tool absent: one diag line, then skipped notifications, never a failure', async () => {
    const lines: string[] = [];
    diag.setLogger({ error: () => {}, warn: (m) => lines.push(m), info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.WARN);
    try {
      // PowerShell does not exist on this Linux box: a real execFile, a real ENOENT.
      const c = desktopChannel({ type: 'desktop' }, process.platform === 'win32' ? 'linux' : 'win32');
      await expect(c.send(n)).resolves.toEqual({ skipped: expect.stringMatching(/not available/) });
      await expect(c.send(n)).resolves.toEqual({ skipped: expect.stringMatching(/not available/) });
      expect(lines.filter((l) => l.includes('desktop notifications off'))).toHaveLength(1);
    } finally {
      diag.disable();
    }
  });
});
