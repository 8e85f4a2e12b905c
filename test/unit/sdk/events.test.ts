import { describe, expect, it } from 'vitest';
import { createEvents } from '../../../src/sdk/events.js';

describe('events between rooms', () => {
  it('delivers to every listener subscribed before the event, whatever the order of setup', () => {
    const events = createEvents();
    const seen: string[] = [];
    // The producer (api) may be set up before or after the consumer (alerting): emission happens later.
    const emitSlow = () => events.emit('slowOperation', 'import', 1500, 1000);
    events.on('slowOperation', (name, ms, threshold) => seen.push(`${name}:${ms}>${threshold}`));
    emitSlow();
    expect(seen).toEqual(['import:1500>1000']);
  });

  it('isolates a failing listener and stops delivering after unsubscribe', () => {
    const events = createEvents();
    const seen: string[] = [];
    events.on('operationFailure', () => {
      throw new Error('listener bug');
    });
    const off = events.on('operationFailure', (_err, name) => seen.push(name));
    expect(() => events.emit('operationFailure', new Error('x'), 'save')).not.toThrow();
    off();
    events.emit('operationFailure', new Error('y'), 'again');
    expect(seen).toEqual(['save']);
  });
});
