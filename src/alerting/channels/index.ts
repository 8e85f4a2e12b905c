import { alertmanagerChannel } from './alertmanager.js';
import { customChannel } from './custom.js';
import { desktopChannel } from './desktop.js';
import { emailChannel } from './email.js';
import { slackChannel } from './slack.js';
import { webhookChannel } from './webhook.js';
import type { Channel } from '../types.js';
import type { ChannelConfig } from './types.js';

/** A channel from its config; `index` names unnamed ones (`slack-1`). */
export function createChannel(c: ChannelConfig, index = 0): Channel {
  const named = c.name ? c : { ...c, name: `${c.type}-${index + 1}` };
  switch (named.type) {
    case 'email':
      return emailChannel(named);
    case 'slack':
      return slackChannel(named);
    case 'webhook':
      return webhookChannel(named);
    case 'alertmanager':
      return alertmanagerChannel(named);
    case 'desktop':
      return desktopChannel(named);
    case 'custom':
      return customChannel(named);
  }
}
