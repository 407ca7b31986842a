import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { configSchema, type DriftwatchConfig, type ServiceConfig } from './configSchema.ts';
import { ConfigError, type ConfigProblem } from './configError.ts';
import { applyEnvironment } from './environment.ts';
import { resolveTlsPaths } from './tlsFiles.ts';
import { resolveNotifyReferences } from './environmentReferences.ts';

export interface ParseOptions {
  /** Every `${VAR}` of the notify section must be set (for commands that deliver alerts); else unset ones stay as written. */
  requireEnvironment?: boolean;
}

/** Reads, validates and returns the config at `file`; throws ConfigError naming file, line and key. */
export async function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env, options: ParseOptions = {}): Promise<DriftwatchConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [{ key: '', line: 0, column: 0, message: `cannot read the file (${(error as Error).message})` }]);
  }
  return parseConfig(text, file, env, options);
}

/** The config, checked to have what `serve` needs: Kafka, the registry and Redis. */
export async function loadServiceConfig(file: string, env: NodeJS.ProcessEnv = process.env, options: ParseOptions = {}): Promise<ServiceConfig> {
  const config = await loadConfig(file, env, options);
  const missing = (['kafka', 'registry', 'redis'] as const).filter((key) => config[key] === undefined);
  if (missing.length > 0) {
    throw new ConfigError(file, missing.map((key) => ({ key, line: 1, column: 1, message: `\`serve\` needs a '${key}' section (or its DRIFTWATCH_* environment variables)` })));
  }
  return config as ServiceConfig;
}

export function parseConfig(text: string, file: string, env: NodeJS.ProcessEnv = {}, options: ParseOptions = {}): DriftwatchConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { key: '', line: pos.line, column: pos.col, message: e.message.split('\n')[0] };
      }),
    );
  }
  const { raw, unset } = resolveNotifyReferences(applyEnvironment(doc.toJS() ?? {}, env), env);
  const result = configSchema.safeParse(raw);
  const unsetProblems = options.requireEnvironment
    ? unset.map(({ path, variable }): ConfigProblem => ({ ...locate(doc, path, lineCounter), key: formatPath(path), message: `environment variable ${variable} is not set (the value is \${${variable}})` }))
    : [];
  if (result.success && unsetProblems.length === 0) {
    resolveTlsPaths(result.data, file);
    return result.data;
  }
  throw new ConfigError(file, [...(result.success ? [] : result.error.issues.map((issue) => toProblem(issue, doc, lineCounter))), ...unsetProblems]);
}

function toProblem(issue: z.core.$ZodIssue, doc: Document, lineCounter: LineCounter): ConfigProblem {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const extraKeys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const located = extraKeys.length > 0 ? [...path, extraKeys[0]] : path;
  const { line, column } = locate(doc, located, lineCounter);
  const key = formatPath(located);
  const message = extraKeys.length > 0 ? `unknown key${extraKeys.length > 1 ? 's' : ''} ${extraKeys.map((k) => `'${k}'`).join(', ')}` : issue.message;
  return { key, line, column, message };
}

/** Position of the deepest node of `path` present in the document (the parent when a key is missing). */
function locate(doc: Document, path: (string | number)[], lineCounter: LineCounter): { line: number; column: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const prefix = path.slice(0, depth);
    const node = depth === 0 ? doc.contents : doc.getIn(prefix, true);
    if (isNode(node) && node.range) {
      const keyOffset = depth > 0 && depth === path.length ? keyRange(doc, prefix) : undefined;
      const pos = lineCounter.linePos(keyOffset ?? node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return { line: 1, column: 1 };
}

/** Offset of the key itself (not its value) for a mapping entry, so the error points at the key. */
function keyRange(doc: Document, path: (string | number)[]): number | undefined {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1];
  if (parent && typeof parent === 'object' && 'items' in parent && Array.isArray(parent.items)) {
    for (const item of parent.items as unknown[]) {
      if (item && typeof item === 'object' && 'key' in item) {
        const k = (item as { key: unknown }).key;
        if (isNode(k) && 'value' in k && (k as { value: unknown }).value === last && k.range) return k.range[0];
      }
    }
  }
  return undefined;
}

function formatPath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
