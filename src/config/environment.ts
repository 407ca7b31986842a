/**
 * Environment variables that override the config file, so one file serves every environment:
 *   DRIFTWATCH_KAFKA_BROKERS (comma-separated host:port), DRIFTWATCH_KAFKA_GROUP_ID,
 *   DRIFTWATCH_KAFKA_SASL_USERNAME, DRIFTWATCH_KAFKA_SASL_PASSWORD,
 *   DRIFTWATCH_REGISTRY_URL, DRIFTWATCH_REGISTRY_USERNAME, DRIFTWATCH_REGISTRY_PASSWORD, DRIFTWATCH_REDIS_URL,
 *   DRIFTWATCH_OBSERVABILITY_HOST (e.g. 0.0.0.0 in a container), DRIFTWATCH_OBSERVABILITY_PORT,
 *   DRIFTWATCH_OBSERVABILITY_TOKEN (the bearer token of the HTTP endpoints),
 *   DRIFTWATCH_PRIVACY_SECRET, DRIFTWATCH_REDIS_PASSWORD. `privacy.secret: "${NAME}"` reads the secret from the variable NAME.
 */
type Raw = Record<string, unknown>;

const overrides: { variable: string; path: string[]; parse?: (value: string) => unknown }[] = [
  { variable: 'DRIFTWATCH_KAFKA_BROKERS', path: ['kafka', 'brokers'], parse: (v) => v.split(',').map((b) => b.trim()).filter(Boolean) },
  { variable: 'DRIFTWATCH_KAFKA_GROUP_ID', path: ['kafka', 'groupId'] },
  { variable: 'DRIFTWATCH_KAFKA_SASL_USERNAME', path: ['kafka', 'sasl', 'username'] },
  { variable: 'DRIFTWATCH_KAFKA_SASL_PASSWORD', path: ['kafka', 'sasl', 'password'] },
  { variable: 'DRIFTWATCH_REGISTRY_URL', path: ['registry', 'url'] },
  { variable: 'DRIFTWATCH_REGISTRY_USERNAME', path: ['registry', 'username'] },
  { variable: 'DRIFTWATCH_REGISTRY_PASSWORD', path: ['registry', 'password'] },
  { variable: 'DRIFTWATCH_REDIS_URL', path: ['redis', 'url'] },
  { variable: 'DRIFTWATCH_OBSERVABILITY_HOST', path: ['observability', 'host'] },
  { variable: 'DRIFTWATCH_OBSERVABILITY_PORT', path: ['observability', 'port'], parse: (v) => (/^\d+$/.test(v) ? Number(v) : v) },
  { variable: 'DRIFTWATCH_OBSERVABILITY_TOKEN', path: ['observability', 'authToken'] },
  { variable: 'DRIFTWATCH_PRIVACY_SECRET', path: ['privacy', 'secret'] },
  { variable: 'DRIFTWATCH_REDIS_PASSWORD', path: ['redis', 'password'] },
];

export function applyEnvironment(raw: unknown, env: NodeJS.ProcessEnv): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const config = structuredClone(raw) as Raw;
  for (const { variable, path, parse } of overrides) {
    const value = env[variable];
    if (value === undefined || value === '') continue;
    let node = config;
    for (const key of path.slice(0, -1)) {
      if (!node[key] || typeof node[key] !== 'object') node[key] = {};
      node = node[key] as Raw;
    }
    node[path[path.length - 1]] = parse ? parse(value) : value;
  }
  resolveSecretReference(config, env);
  return config;
}

/** `privacy.secret: "${NAME}"` takes the secret from the variable NAME; left as it is when NAME is unset (the schema then names it). */
export const SECRET_REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

function resolveSecretReference(config: Raw, env: NodeJS.ProcessEnv): void {
  const privacy = config.privacy as Raw | undefined;
  if (!privacy || typeof privacy.secret !== 'string') return;
  const name = SECRET_REFERENCE.exec(privacy.secret)?.[1];
  if (name !== undefined && env[name] !== undefined && env[name] !== '') privacy.secret = env[name];
}
