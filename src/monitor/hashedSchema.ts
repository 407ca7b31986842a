const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);
const NAMED = new Set(['record', 'error', 'enum', 'fixed']);

/**
 * An Avro writer schema (JSON) with every name in it replaced by its hash, for privacy.hashCategories:
 * a producer's own record shape names its features. Named types get the hash of their full name (and lose
 * their namespace), so references still resolve; field names, aliases and enum symbols are hashed, string
 * defaults too, and docs are dropped. Two schemas hashed with the same key diff as the originals do
 * (named types are then matched by full name only).
 */
export function hashedAvroSchema(schema: unknown, hash: (text: string) => string): unknown {
  return walk(schema, '', hash);
}

function fullName(name: string, namespace: string): string {
  return name.includes('.') || namespace === '' ? name : `${namespace}.${name}`;
}

function walk(node: unknown, namespace: string, hash: (text: string) => string): unknown {
  if (typeof node === 'string') return PRIMITIVES.has(node) ? node : hash(fullName(node, namespace));
  if (Array.isArray(node)) return node.map((branch) => walk(branch, namespace, hash));
  if (node === null || typeof node !== 'object') return node;
  const { doc: _doc, namespace: ownNamespace, ...rest } = node as Record<string, unknown>;
  const type = rest.type;
  if (typeof type === 'string' && NAMED.has(type) && typeof rest.name === 'string') {
    const full = fullName(rest.name, typeof ownNamespace === 'string' ? ownNamespace : namespace);
    const inner = full.includes('.') ? full.slice(0, full.lastIndexOf('.')) : '';
    const out: Record<string, unknown> = { ...rest, name: hash(full) };
    if (Array.isArray(rest.aliases)) out.aliases = rest.aliases.map((a) => hash(fullName(String(a), inner)));
    if (Array.isArray(rest.symbols)) out.symbols = rest.symbols.map((s) => hash(String(s)));
    if (typeof rest.default === 'string') out.default = hash(rest.default);
    if (Array.isArray(rest.fields)) {
      out.fields = rest.fields.map((field: Record<string, unknown>) => {
        const { doc: _fieldDoc, ...f } = field;
        return {
          ...f,
          name: hash(String(f.name)),
          type: walk(f.type, inner, hash),
          ...(Array.isArray(f.aliases) ? { aliases: f.aliases.map((a) => hash(String(a))) } : {}),
          ...('default' in f ? { default: hashedValue(f.default, hash) } : {}),
        };
      });
    }
    return out;
  }
  const out: Record<string, unknown> = { ...rest };
  if (type !== undefined && typeof type !== 'string') out.type = walk(type, namespace, hash);
  else if (typeof type === 'string' && !PRIMITIVES.has(type) && !['array', 'map'].includes(type)) out.type = hash(fullName(type, namespace));
  if ('items' in rest) out.items = walk(rest.items, namespace, hash);
  if ('values' in rest) out.values = walk(rest.values, namespace, hash);
  return out;
}

/** A default value with its strings (and record-default keys, which are field names) hashed. */
function hashedValue(value: unknown, hash: (text: string) => string): unknown {
  if (typeof value === 'string') return hash(value);
  if (Array.isArray(value)) return value.map((v) => hashedValue(v, hash));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [hash(k), hashedValue(v, hash)]));
  return value;
}
