import { request } from 'node:http';
import type { ScopeMetrics } from '@opentelemetry/sdk-metrics';
import type { PeerEntry } from './registry.js';

export const TOKEN_HEADER = 'x-vigil-peer-token';
export const PEER_PATH = '/vigil/peer/metrics';

/** A peer's metrics over loopback, or undefined when it does not answer in time. */
export function fetchPeerMetrics(peer: PeerEntry, timeoutMs: number): Promise<ScopeMetrics[] | undefined> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port: peer.port, path: PEER_PATH, headers: { [TOKEN_HEADER]: peer.token }, timeout: timeoutMs }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return resolve(undefined);
      }
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(body) as ScopeMetrics[]);
        } catch {
          resolve(undefined);
        }
      });
      res.on('error', () => resolve(undefined));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}
