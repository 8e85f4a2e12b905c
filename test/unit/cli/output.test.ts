import { describe, expect, it } from 'vitest';
import { createOutput, wantsColor } from '../../../src/cli/output.js';

function stream(isTTY: boolean) {
  let text = '';
  const s = { isTTY, columns: 80, write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WriteStream;
  return { s, text: () => text };
}

describe('wantsColor', () => {
  it('follows the TTY, NO_COLOR and FORCE_COLOR', () => {
    expect(wantsColor({ isTTY: true }, {})).toBe(true);
    expect(wantsColor({ isTTY: false }, {})).toBe(false);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(wantsColor({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
  });
});

describe('table', () => {
  it('aligns columns on a terminal, ignoring colour codes when measuring', () => {
    const { s, text } = stream(true);
    const out = createOutput({ json: false, stream: s, env: {} });
    out.table(['A', 'STATUS', 'MSG'], [['x', out.paint('red', 'fail'), 'one'], ['long', 'pass', 'two\nlines']]);
    const plain = text().replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '').split('\n');
    expect(plain[0]).toBe('A     STATUS  MSG');
    expect(plain[1]).toBe('x     fail    one');
    expect(plain[2]).toBe('long  pass    two lines');
  });

  it('writes tab-separated rows in a pipe, one line per row', () => {
    const { s, text } = stream(false);
    const out = createOutput({ json: false, stream: s, env: {} });
    out.table(['A', 'B'], [['1', 'x\ty'], [null, 2]]);
    expect(text()).toBe('A\tB\n1\tx y\n\t2\n');
  });

  it('never colours JSON output', () => {
    const { s } = stream(true);
    expect(createOutput({ json: true, stream: s, env: { FORCE_COLOR: '1' } }).color).toBe(false);
  });
});
