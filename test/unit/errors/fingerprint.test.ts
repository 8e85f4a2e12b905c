import { describe, expect, it } from 'vitest';
import { defaultFingerprintParts, hashFingerprint, normaliseMessage, parseStack } from '../../../src/errors/index.js';

describe('normaliseMessage', () => {
  it('replaces numbers, hex ids, UUIDs, quoted values and e-mails with placeholders', () => {
    expect(normaliseMessage('Patient 123 not found')).toBe('Patient <n> not found');
    expect(normaliseMessage('visit 8f14e45f-ceea-467f-a0e6-9bd4f8e4cbb1 locked')).toBe('visit <uuid> locked');
    expect(normaliseMessage('object 507f1f77bcf86cd799439011 at 0xdeadBEEF')).toBe('object <hex> at <hex>');
    expect(normaliseMessage(`duplicate key "mrn-884" and 'x' and \`y\``)).toBe('duplicate key <str> and <str> and <str>');
    expect(normaliseMessage('no account for jane.doe+1@clinic.example.org')).toBe('no account for <email>');
    expect(normaliseMessage('took 12.5 ms')).toBe('took <n> ms');
  });

  it('leaves ordinary words alone, including ones made of hex letters', () => {
    expect(normaliseMessage('deadbeef feedface decade')).toBe('deadbeef feedface decade');
  });
});

const stackA = `Error: Patient 1 not found
    at loadPatient (/srv/app/src/patients.js:10:11)
    at async handler (file:///srv/app/src/routes/visit.mjs:22:5)
    at Layer.handle (/srv/app/node_modules/express/lib/router/layer.js:95:5)
    at process.processTicksAndRejections (node:internal/process/task_queues:105:5)
    at Promise.all (index 0)`;

describe('parseStack', () => {
  it('parses V8 frames and marks which are the application’s own', () => {
    const frames = parseStack(stackA);
    expect(frames.map((f) => [f.function, f.inApp])).toEqual([
      ['loadPatient', true],
      ['handler', true],
      ['Layer.handle', false],
      ['process.processTicksAndRejections', false],
      ['Promise.all', false],
    ]);
    expect(frames[1]).toMatchObject({ file: 'file:///srv/app/src/routes/visit.mjs', line: 22, column: 5 });
  });

  it('parses frames without a function name and eval frames', () => {
    const frames = parseStack('Error: x\n    at /srv/app/main.js:3:9\n    at eval (eval at run (/srv/app/run.js:4:3), <anonymous>:1:7)');
    expect(frames[0]).toMatchObject({ function: '<anonymous>', file: '/srv/app/main.js', line: 3, inApp: true });
    expect(frames[1]).toMatchObject({ function: 'eval', file: '/srv/app/run.js', inApp: true });
  });
});

describe('default fingerprint', () => {
  it('uses type, normalised message and the in-app throw site without line numbers', () => {
    const parts = defaultFingerprintParts('Error', 'Patient 1 not found', parseStack(stackA));
    expect(parts).toEqual(['Error', 'Patient <n> not found', 'loadPatient@patients.js']);
  });

  it('is the same for one throw site reached directly, by a timer, a promise chain, an emitter or a constructor', () => {
    // Stacks as V8 prints them for one `boom` in ward.mjs (issue 10, defect 3).
    const at = (fn: string, line = 4) => `    at ${fn} (file:///srv/app/ward.mjs:${line}:9)`;
    const stacks = [
      [at('boom'), at('main', 20)],
      [at('Timeout.boom [as _onTimeout]'), '    at listOnTimeout (node:internal/timers:685:17)'],
      [at('boom'), at('Timeout._onTimeout', 30), '    at listOnTimeout (node:internal/timers:685:17)'],
      [at('async boom'), at('async Promise.all (index 0)')],
      [at('EventEmitter.boom'), '    at EventEmitter.emit (node:events:514:28)', at('Object.<anonymous>', 40)],
      [at('Object.boom [as run]'), at('new Ward', 50)],
    ].map((frames) => `Error: ward 7 failed\n${frames.join('\n')}`);
    const hashes = stacks.map((s) => hashFingerprint(defaultFingerprintParts('Error', 'ward 7 failed', parseStack(s))));
    expect(new Set(hashes).size).toBe(1);
    expect(defaultFingerprintParts('Error', 'ward 7 failed', parseStack(stacks[1]!))[2]).toBe('boom@ward.mjs');
  });

  it('does not change when a redeploy moves the code to other lines', () => {
    const moved = stackA.replace(':10:11', ':42:3').replace(':22:5', ':80:9');
    const a = hashFingerprint(defaultFingerprintParts('Error', 'Patient 1 not found', parseStack(stackA)));
    const b = hashFingerprint(defaultFingerprintParts('Error', 'Patient 2 not found', parseStack(moved)));
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(b).toBe(a);
  });

  it('changes when the failing function differs', () => {
    const other = stackA.replace('loadPatient', 'savePatient');
    const a = hashFingerprint(defaultFingerprintParts('Error', 'm', parseStack(stackA)));
    const b = hashFingerprint(defaultFingerprintParts('Error', 'm', parseStack(other)));
    expect(b).not.toBe(a);
  });
});
