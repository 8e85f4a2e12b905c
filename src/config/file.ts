import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Node } from 'yaml';
import type * as Yaml from 'yaml';

// The YAML parser (≈ 70 modules) is loaded only when there is a file to parse, not at every start-up.
let yamlModule: typeof Yaml | undefined;
const yaml = (): typeof Yaml => (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof Yaml);
import type { Problems } from './problems.js';

/** Top-level sections of vigil.config.yaml; each room validates its own. */
export const FILE_SECTIONS = ['service', 'health', 'alerts', 'channels', 'routing', 'silences', 'redaction', 'slow_operations', 'crash'] as const;
export type FileSection = (typeof FILE_SECTIONS)[number];

export type PathPart = string | number;

/**
 * A config file is a few kilobytes written by a person (a thousand rules is
 * ≈ 60 kB); past this it is a mistake or an attack, and parsing it would
 * stall the application's start: the YAML parser takes ≈ 4 ms a kilobyte
 * here (15 MB took 10 s and 1.5 GB), so 128 kB is about a second at worst.
 */
export const MAX_CONFIG_BYTES = 128 * 1024;
/** Entries of any one list or mapping in a section (alert rules, checks, channels, silences, redaction rules). */
export const MAX_SECTION_ENTRIES = 1000;

export interface ConfigFile {
  path: string;
  sections: Partial<Record<FileSection, unknown>>;
  /** "file:line" for a path inside the document, for one-line error messages. */
  where(path: PathPart[]): string;
}

/**
 * Read and parse the YAML config file. Returns undefined (with a problem
 * naming file and line) when it cannot be read or parsed.
 */
export function loadConfigFile(path: string, problems: Problems): ConfigFile | undefined {
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_CONFIG_BYTES) {
      problems.add(path, `${Math.ceil(size / 1024)} kB is over the ${MAX_CONFIG_BYTES / 1024} kB limit of a config file; continuing without it`);
      return undefined;
    }
    text = readFileSync(path, 'utf8');
  } catch (err) {
    problems.add(path, `cannot read the config file (${(err as NodeJS.ErrnoException).code ?? String(err)}); continuing without it`);
    return undefined;
  }
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const { line, col } = lineCounter.linePos(err.pos[0]);
    problems.add(`${path}:${line}:${col}`, `invalid YAML: ${err.message.split('\n')[0]}; continuing without the config file`);
    return undefined;
  }
  const lineAt = (offset: number): string => `${path}:${lineCounter.linePos(offset).line}`;
  const where = (parts: PathPart[]): string => {
    // A key path points at the key's own line; past a missing key, at the nearest parent.
    const range = keyRange(doc.contents as Node | null, parts);
    return range ? lineAt(range[0]) : path;
  };
  const root: unknown = doc.toJS();
  if (root === null || root === undefined) return { path, sections: {}, where };
  if (typeof root !== 'object' || Array.isArray(root)) {
    problems.add(where([]), 'the config file must be a mapping of sections; continuing without it');
    return undefined;
  }
  const sections: Partial<Record<FileSection, unknown>> = {};
  for (const [key, value] of Object.entries(root as Record<string, unknown>)) {
    if ((FILE_SECTIONS as readonly string[]).includes(key)) sections[key as FileSection] = capEntries(value, [key], where, problems);
    else problems.add(where([key]), `unknown section "${key}" (accepted: ${FILE_SECTIONS.join(', ')}); ignored`);
  }
  return { path, sections, where };
}

/** Keeps the first MAX_SECTION_ENTRIES of every list or mapping in a section (two levels deep, as sections nest), one line each cut. */
function capEntries(value: unknown, path: PathPart[], where: (p: PathPart[]) => string, problems: Problems, depth = 0): unknown {
  if (typeof value !== 'object' || value === null || depth > 2) return value;
  const entries: [PathPart, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  if (entries.length > MAX_SECTION_ENTRIES) {
    problems.add(where(path), `${path.join('.')} has ${entries.length} entries, over the limit of ${MAX_SECTION_ENTRIES}; the first ${MAX_SECTION_ENTRIES} are used`);
    entries.length = MAX_SECTION_ENTRIES;
  }
  const capped = entries.map(([k, v]): [PathPart, unknown] => [k, capEntries(v, [...path, k], where, problems, depth + 1)]);
  return Array.isArray(value) ? capped.map(([, v]) => v) : Object.fromEntries(capped);
}

/** Walk as deep as the path exists: the last key found, or its value for sequence items. */
function keyRange(root: Node | null, parts: PathPart[]): readonly [number, number, number] | undefined {
  const { isMap, isSeq, isScalar } = yaml();
  let node: unknown = root;
  let range = root?.range ?? undefined;
  for (const part of parts) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === part);
      if (!pair) break;
      const keyNode = pair.key as Node | undefined;
      if (keyNode?.range) range = keyNode.range;
      node = pair.value;
    } else if (isSeq(node)) {
      node = node.items[Number(part)];
      const r = (node as Node | undefined)?.range;
      if (r) range = r;
    } else break;
  }
  return range ?? undefined;
}
