import { describe, expect, it } from 'vitest';
import { anonymiseResource } from '../../../src/crash/anonymise.js';
import { strictRedactor } from '../privacy/phi.js';

describe('crash anonymisation', () => {
  it('home directories of every OS become ~ in any free text, web routes stay', () => {
    const r = strictRedactor();
    expect(r.redactText("ENOENT: open '/home/drsmith/notes.txt'")).toBe("ENOENT: open '~/notes.txt'");
    expect(r.redactText('at file:///Users/drsmith/app/server.js:10:5')).toBe('at file://~/app/server.js:10:5');
    expect(r.redactText('cannot write C:\\Users\\drsmith\\notes.txt')).toBe('cannot write ~\\notes.txt');
    expect(r.redactText('"C:\\\\Users\\\\drsmith\\\\x"')).toBe('"~\\\\x"');
    expect(r.redactText('/home/feed')).toBe('/home/feed');
    expect(r.redactPath('/home/feed')).toBe('/home/feed');
  });

  it('host.id is hashed and the host name dropped', () => {
    const out = anonymiseResource({ 'host.id': 'a1b2c3', 'host.name': 'clinic-pc-7', 'service.name': 'emr' }, (v) => `h(${String(v)})`);
    expect(out).toEqual({ 'host.id': 'h(a1b2c3)', 'host.name': '<host>', 'service.name': 'emr' });
  });
});
