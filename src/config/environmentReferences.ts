/**
 * `${VAR}` references in config strings, replaced by the variable's value from the environment, so secrets
 * (routing keys, webhook URLs) stay out of the file. Resolved values are never part of an error message.
 */

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function isEnvironmentReference(value: string): boolean {
  return new RegExp(REFERENCE.source).test(value);
}

export interface UnsetVariable {
  path: (string | number)[];
  variable: string;
}

/**
 * A copy of `value` with every `${VAR}` inside its strings replaced by env[VAR]. A reference to a variable
 * that is unset (or empty) stays as written and is reported, with the path of the string holding it.
 */
export function resolveEnvironmentReferences(value: unknown, env: NodeJS.ProcessEnv, path: (string | number)[] = []): { value: unknown; unset: UnsetVariable[] } {
  const unset: UnsetVariable[] = [];
  const walk = (node: unknown, at: (string | number)[]): unknown => {
    if (typeof node === 'string') {
      return node.replace(REFERENCE, (whole, variable: string) => {
        const resolved = env[variable];
        if (resolved === undefined || resolved === '') {
          unset.push({ path: at, variable });
          return whole;
        }
        return resolved;
      });
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...at, i]));
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, [...at, k])]));
    return node;
  };
  return { value: walk(value, path), unset };
}

/** The config with the `${VAR}` references of its `notify` section resolved (the only section that takes them). */
export function resolveNotifyReferences(raw: unknown, env: NodeJS.ProcessEnv): { raw: unknown; unset: UnsetVariable[] } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw) || !('notify' in raw)) return { raw, unset: [] };
  const { value, unset } = resolveEnvironmentReferences((raw as { notify: unknown }).notify, env, ['notify']);
  return { raw: { ...raw, notify: value }, unset };
}
