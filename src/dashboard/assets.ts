import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = '@vigil/otel';

/**
 * Vigil's package root, found upward from this file (src/dashboard in
 * tests, dist/src/dashboard when built): tsc does not copy the static
 * files, so they are served from `src/dashboard/static`, which ships.
 */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === PACKAGE) return dir;
    } catch {
      // not here: keep walking up
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the ${PACKAGE} package root above ${from}`);
    dir = up;
  }
}

export interface Asset {
  path: string;
  type: string;
}

/** The only files /monitoring/assets serves: a fixed list, so no path from a request ever reaches the file system. */
export function assetTable(): Map<string, Asset> {
  const root = join(packageRoot(), 'src', 'dashboard', 'static');
  const require = createRequire(import.meta.url);
  const uplot = (file: string) => require.resolve(`uplot/dist/${file}`);
  return new Map<string, Asset>([
    ['app.js', { path: join(root, 'app.js'), type: 'text/javascript; charset=utf-8' }],
    ['traces.js', { path: join(root, 'traces.js'), type: 'text/javascript; charset=utf-8' }],
    ['style.css', { path: join(root, 'style.css'), type: 'text/css; charset=utf-8' }],
    ['uPlot.iife.min.js', { path: uplot('uPlot.iife.min.js'), type: 'text/javascript; charset=utf-8' }],
    ['uPlot.min.css', { path: uplot('uPlot.min.css'), type: 'text/css; charset=utf-8' }],
  ]);
}

export function indexHtmlPath(): string {
  return join(packageRoot(), 'src', 'dashboard', 'static', 'index.html');
}
