/**
 * The oldest Node.js Vigil runs on (package.json `engines`; a unit test keeps
 * the two equal). Older: `node:sqlite`, `module.registerHooks` and
 * `process.getBuiltinModule` are missing or unstable.
 */
export const REQUIRED_NODE = '22.15.0';

/** True when `version` (default: this process) is at least REQUIRED_NODE. */
export function nodeSupported(version: string = process.versions.node): boolean {
  const have = version.split('.').map(Number);
  const need = REQUIRED_NODE.split('.').map(Number);
  for (let i = 0; i < need.length; i++) {
    const h = have[i] ?? 0;
    const n = need[i] ?? 0;
    if (h !== n) return h > n;
  }
  return true;
}

/** The one line printed when Vigil steps aside on an older Node. */
export function unsupportedNodeLine(what: string): string {
  return `vigil: Node.js ${process.version} is older than ${REQUIRED_NODE} (engines: >=${REQUIRED_NODE.replace(/\.0$/, '')}); ${what}\n`;
}
