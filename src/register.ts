// `node --import @vigil/otel/register app.js`. Nothing here may need a newer
// Node than the oldest one an application might run on: on an older Node the
// preload prints one line and the application runs untouched.
import { isMainThread } from 'node:worker_threads';
import { nodeSupported, unsupportedNodeLine } from './node-version.js';

if (nodeSupported()) await import('./sdk/preload.js');
else if (isMainThread) process.stderr.write(unsupportedNodeLine('the application runs without monitoring'));
