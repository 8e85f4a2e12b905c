import { execFile } from 'node:child_process';
import { diag } from '@opentelemetry/api';
import { fallbackText } from './slack.js';
import { base } from './types.js';
import type { Channel, Notification } from '../types.js';
import type { DesktopConfig } from './types.js';

type Runner = (file: string, args: string[]) => Promise<void>;

const run: Runner = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 10_000, windowsHide: true }, (err) => (err ? reject(err) : resolve()));
  });

/**
 * A desktop notification: notify-send (Linux), osascript (macOS), a
 * PowerShell toast (Windows). Without the tool: one diag line, then every
 * notification is recorded as skipped; the application never notices.
 */
export function desktopChannel(c: DesktopConfig, platform: NodeJS.Platform = process.platform, runner: Runner = run): Channel {
  let missing: string | undefined;
  return {
    ...base(c, 'desktop'),
    async send(n) {
      if (missing) return { skipped: `${missing} not available` };
      const [file, args] = command(platform, fallbackText(n), body(n), n.severity === 'CRITICAL');
      try {
        await runner(file, args);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
          missing = file;
          diag.warn(`vigil alerting: desktop notifications off: ${file} not found`);
          return { skipped: `${file} not available` };
        }
        throw new Error(`${file} failed (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    },
  };
}

function body(n: Notification): string {
  return n.alerts.map((a) => a.annotations['message'] || a.annotations['title'] || a.rule).join('\n').slice(0, 500);
}

/** Arguments go as argv (execFile), never through a shell; AppleScript and PowerShell get quoted literals. */
export function command(platform: NodeJS.Platform, title: string, text: string, urgent: boolean): [string, string[]] {
  if (platform === 'darwin') {
    return ['osascript', ['-e', `display notification ${appleString(text)} with title ${appleString(title)}`]];
  }
  if (platform === 'win32') {
    const script =
      '[Windows.UI.Notifications.ToastNotificationManager, Windows.UI.Notifications, ContentType = WindowsRuntime] > $null;' +
      '$t = [Windows.UI.Notifications.ToastNotificationManager]::GetTemplateContent([Windows.UI.Notifications.ToastTemplateType]::ToastText02);' +
      `$x = $t.GetElementsByTagName('text'); $x.Item(0).InnerText = ${psString(title)}; $x.Item(1).InnerText = ${psString(text)};` +
      "[Windows.UI.Notifications.ToastNotificationManager]::CreateToastNotifier('Vigil').Show([Windows.UI.Notifications.ToastNotification]::new($t))";
    return ['powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script]];
  }
  return ['notify-send', ['-a', 'Vigil', '-u', urgent ? 'critical' : 'normal', title, text]];
}

function appleString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function psString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
