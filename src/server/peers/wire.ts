import { request } from 'node:http';
import type { PeerEntry } from './registry.js';

export const TOKEN_HEADER = 'x-vigil-peer-token';
/** A process's metrics, as its Prometheus reader collects them (`ScopeMetrics[]`). */
export const PEER_PATH = '/vigil/peer/metrics';
/** A process's health checks and their latest results (`ProcessHealth`). */
export const PEER_HEALTH_PATH = '/vigil/peer/health';

/**
 * Nothing listens on the peer's port: its process is gone (a live process
 * opens its endpoint before it registers and unregisters before it closes
 * it), whatever now holds its pid. Where /proc cannot tell a recycled pid,
 * this does.
 */
export const GONE = Symbol('gone');

/** One answer of a peer's endpoint, as JSON; undefined when it does not answer in time; GONE when refused. */
export function fetchPeer<T>(peer: PeerEntry, path: string, timeoutMs: number): Promise<T | undefined | typeof GONE> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port: peer.port, path, headers: { [TOKEN_HEADER]: peer.token }, timeout: timeoutMs }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return resolve(undefined);
      }
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(body) as T);
        } catch {
          resolve(undefined);
        }
      });
      res.on('error', () => resolve(undefined));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED' ? GONE : undefined));
    req.end();
  });
}
