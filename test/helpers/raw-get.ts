import { request } from 'node:http';

/** A GET with any `Host` header (fetch will not send a forged one), to `addr:port`. */
export function rawGet(port: number, path: string, host: string, addr = '127.0.0.1'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: addr, port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
