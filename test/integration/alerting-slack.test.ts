import { afterEach, describe, expect, it } from 'vitest';
import { createAlerting } from '../../src/alerting/index.js';
import type { Alerting } from '../../src/alerting/index.js';
import { receiver } from '../unit/alerting/receiver.js';

interface SlackBody {
  text: string;
  blocks: Array<{ type: string }>;
  attachments: Array<{ color: string; fallback: string; title: string }>;
}

describe('Slack incoming-webhook channel', () => {
  let alerting: Alerting | undefined;
  let rx: Awaited<ReturnType<typeof receiver>> | undefined;
  afterEach(async () => {
    await alerting?.shutdown();
    await rx?.close();
  });

  it('posts the severity colour, blocks and a text fallback; resolution turns green', async () => {
    rx = await receiver();
    let now = 1_700_000_000_000;
    alerting = createAlerting({
      now: () => now,
      timers: false,
      defaults: true,
      routing: { groupWaitMs: 0, groupIntervalMs: 1000 },
      channels: [{ type: 'slack', url: `${rx.url}/services/T000/B000/XXXX` }],
    });
    await alerting.onCrash({ type: 'RangeError', message: 'Invalid array length' });
    await rx.waitFor(1);
    const body = JSON.parse(rx.got[0]!.body) as SlackBody;
    expect(body.text).toBe('[FIRING:1] CRITICAL Crash');
    expect(body.attachments[0]).toMatchObject({ color: '#d00000', fallback: '[FIRING:1] CRITICAL Crash', title: 'Crash' });
    expect(body.blocks.map((b) => b.type)).toEqual(['header', 'section']);

    now += 6 * 60_000; // past the crash rule's 5m window
    await alerting.evaluate();
    await rx.waitFor(2);
    const resolved = JSON.parse(rx.got[1]!.body) as SlackBody;
    expect(resolved.text).toBe('[RESOLVED] CRITICAL Crash');
    expect(resolved.attachments[0]!.color).toBe('#2eb886');
  });
});
