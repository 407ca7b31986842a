/** A parsed Avro schema: named references resolved to their definitions (recursive types form cycles). */
export type AvroPrimitive = 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';

export type AvroNode =
  | { kind: 'primitive'; type: AvroPrimitive; logicalType?: string }
  | { kind: 'record'; name: string; aliases: string[]; fields: AvroField[] }
  | { kind: 'enum'; name: string; aliases: string[]; symbols: string[]; default?: string }
  | { kind: 'fixed'; name: string; aliases: string[]; size: number; logicalType?: string }
  | { kind: 'array'; items: AvroNode }
  | { kind: 'map'; values: AvroNode }
  | { kind: 'union'; branches: AvroNode[] };

export interface AvroField {
  name: string;
  aliases: string[];
  type: AvroNode;
  hasDefault: boolean;
  default?: unknown;
}

export class AvroSchemaError extends Error {
  override name = 'AvroSchemaError';
}

const PRIMITIVES = new Set<string>(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);

/** Parse a writer schema given as JSON text or as the parsed JSON value. */
export function parseAvroSchema(schema: unknown): AvroNode {
  let json = schema;
  if (typeof schema === 'string') {
    if (PRIMITIVES.has(schema)) json = schema;
    else {
      try {
        json = JSON.parse(schema);
      } catch (error) {
        throw new AvroSchemaError(`schema text is neither a primitive type name nor valid JSON: ${(error as Error).message}`);
      }
    }
  }
  return new Parser().parse(json, '', '<root>');
}

/** The unqualified name of a full name, used when Avro resolution matches named types. */
export function unqualified(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

class Parser {
  private readonly named = new Map<string, AvroNode>();

  parse(json: unknown, namespace: string, where: string): AvroNode {
    if (typeof json === 'string') return this.reference(json, namespace, where);
    if (Array.isArray(json)) {
      if (json.length === 0) throw new AvroSchemaError(`${where}: a union needs at least one branch`);
      return { kind: 'union', branches: json.map((b, i) => this.parse(b, namespace, `${where}|${i}`)) };
    }
    if (typeof json !== 'object' || json === null) throw new AvroSchemaError(`${where}: expected a type name, a union array or a schema object, got ${JSON.stringify(json)}`);
    const o = json as Record<string, unknown>;
    const type = o.type;
    const logicalType = typeof o.logicalType === 'string' ? o.logicalType : undefined;
    if (typeof type === 'string' && PRIMITIVES.has(type)) {
      return logicalType === undefined ? { kind: 'primitive', type: type as AvroPrimitive } : { kind: 'primitive', type: type as AvroPrimitive, logicalType };
    }
    switch (type) {
      case 'record':
      case 'error': {
        const { name, space } = this.fullName(o, namespace, where);
        const node: AvroNode = { kind: 'record', name, aliases: this.aliases(o, space), fields: [] };
        this.define(name, node, where);
        if (!Array.isArray(o.fields)) throw new AvroSchemaError(`${where}: record ${name} needs a "fields" array`);
        for (const f of o.fields as Record<string, unknown>[]) {
          if (typeof f?.name !== 'string') throw new AvroSchemaError(`${where}: every field of record ${name} needs a string "name"`);
          node.fields.push({
            name: f.name,
            aliases: Array.isArray(f.aliases) ? (f.aliases as string[]) : [],
            type: this.parse(f.type, space, `${where === '<root>' ? '' : `${where}.`}${f.name}`),
            hasDefault: Object.hasOwn(f, 'default'),
            ...(Object.hasOwn(f, 'default') ? { default: f.default } : {}),
          });
        }
        return node;
      }
      case 'enum': {
        const { name, space } = this.fullName(o, namespace, where);
        if (!Array.isArray(o.symbols)) throw new AvroSchemaError(`${where}: enum ${name} needs a "symbols" array`);
        const node: AvroNode = {
          kind: 'enum',
          name,
          aliases: this.aliases(o, space),
          symbols: o.symbols as string[],
          ...(typeof o.default === 'string' ? { default: o.default } : {}),
        };
        this.define(name, node, where);
        return node;
      }
      case 'fixed': {
        const { name, space } = this.fullName(o, namespace, where);
        if (typeof o.size !== 'number') throw new AvroSchemaError(`${where}: fixed ${name} needs a numeric "size"`);
        const node: AvroNode = { kind: 'fixed', name, aliases: this.aliases(o, space), size: o.size, ...(logicalType === undefined ? {} : { logicalType }) };
        this.define(name, node, where);
        return node;
      }
      case 'array':
        return { kind: 'array', items: this.parse(o.items, namespace, `${where}[]`) };
      case 'map':
        return { kind: 'map', values: this.parse(o.values, namespace, `${where}{}`) };
      default:
        // {"type": "com.acme.Address"} or {"type": {...}} wrap another type.
        if (typeof type === 'string' || (typeof type === 'object' && type !== null)) return this.parse(type, namespace, where);
        throw new AvroSchemaError(`${where}: schema object has no usable "type"`);
    }
  }

  private reference(name: string, namespace: string, where: string): AvroNode {
    if (PRIMITIVES.has(name)) return { kind: 'primitive', type: name as AvroPrimitive };
    const full = name.includes('.') || namespace === '' ? name : `${namespace}.${name}`;
    const node = this.named.get(full) ?? this.named.get(name);
    if (node === undefined) throw new AvroSchemaError(`${where}: unknown type "${name}"; named types must be defined before they are referenced`);
    return node;
  }

  private fullName(o: Record<string, unknown>, namespace: string, where: string): { name: string; space: string } {
    if (typeof o.name !== 'string' || o.name === '') throw new AvroSchemaError(`${where}: a ${String(o.type)} needs a "name"`);
    if (o.name.includes('.')) return { name: o.name, space: o.name.slice(0, o.name.lastIndexOf('.')) };
    const space = typeof o.namespace === 'string' ? o.namespace : namespace;
    return { name: space === '' ? o.name : `${space}.${o.name}`, space };
  }

  private aliases(o: Record<string, unknown>, space: string): string[] {
    if (!Array.isArray(o.aliases)) return [];
    return (o.aliases as string[]).map((a) => (a.includes('.') || space === '' ? a : `${space}.${a}`));
  }

  private define(name: string, node: AvroNode, where: string): void {
    if (this.named.has(name)) throw new AvroSchemaError(`${where}: type ${name} is defined twice`);
    this.named.set(name, node);
  }
}
