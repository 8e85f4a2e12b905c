import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { createAlerting } from '../../src/alerting/index.js';
import type { Alerting } from '../../src/alerting/index.js';

interface Mail {
  from: string;
  to: string[];
  data: string;
  user?: string;
}

describe('e-mail channel against a real SMTP server', () => {
  let alerting: Alerting | undefined;
  let server: SMTPServer | undefined;
  afterEach(async () => {
    await alerting?.shutdown();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('delivers a text and an HTML body to the configured recipients', async () => {
    const mails: Mail[] = [];
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth(auth, _session, cb) {
        cb(null, { user: auth.username });
      },
      onData(stream, session, cb) {
        let data = '';
        stream.on('data', (c: Buffer) => (data += c.toString('utf8')));
        stream.on('end', () => {
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            data,
            ...(typeof session.user === 'string' ? { user: session.user } : {}),
          });
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.server.address() as AddressInfo).port;
    alerting = createAlerting({
      timers: false,
      defaults: false,
      routing: { groupWaitMs: 0 },
      channels: [
        {
          type: 'email',
          host: '127.0.0.1',
          port,
          secure: false,
          user: 'vigil',
          password: 'not-logged',
          from: 'vigil@clinic.test',
          to: ['ops@clinic.test', 'doctor-on-call@clinic.test'],
          retry: { attempts: 2, baseMs: 10 },
        },
      ],
    });
    alerting.alert({ severity: 'CRITICAL', title: 'LLM server down', message: 'ollama did not answer <GET /api/tags>' });
    await alerting.flush();
    expect(mails).toHaveLength(1);
    const m = mails[0]!;
    expect(m.from).toBe('vigil@clinic.test');
    expect(m.to).toEqual(['ops@clinic.test', 'doctor-on-call@clinic.test']);
    expect(m.user).toBe('vigil');
    expect(m.data).toMatch(/^Subject: \[FIRING:1\] CRITICAL LLM server down/m);
    expect(m.data).toMatch(/Content-Type: multipart\/alternative/);
    expect(m.data).toMatch(/Content-Type: text\/plain/);
    expect(m.data).toMatch(/Content-Type: text\/html/);
    const html = m.data.replace(/=\r\n/g, '').replace(/=3D/g, '='); // undo quoted-printable
    expect(html).toContain('<td>ollama did not answer &#60;GET /api/tags&#62;</td>'); // escaped in the HTML part
    expect(m.data).not.toContain('not-logged');
  });
});
