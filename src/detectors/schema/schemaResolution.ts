import { type AvroNode, unqualified } from './avroSchema.ts';

/** Why a reader schema cannot read data written with a writer schema, at a dotted path. */
export interface ResolutionIssue {
  path: string;
  message: string;
}

/** Primitive promotions Avro allows when reading: writer type → reader types. */
const PROMOTIONS: Record<string, readonly string[]> = {
  int: ['long', 'float', 'double'],
  long: ['float', 'double'],
  float: ['double'],
  string: ['bytes'],
  bytes: ['string'],
};

export function describeType(node: AvroNode): string {
  switch (node.kind) {
    case 'primitive':
      return node.logicalType === undefined ? node.type : `${node.type}(${node.logicalType})`;
    case 'record':
    case 'enum':
    case 'fixed':
      return `${node.kind} ${node.name}`;
    case 'array':
      return `array<${describeType(node.items)}>`;
    case 'map':
      return `map<${describeType(node.values)}>`;
    case 'union':
      return `[${node.branches.map(describeType).join(', ')}]`;
  }
}

function namesMatch(reader: { name: string; aliases: string[] }, writer: { name: string }): boolean {
  return unqualified(reader.name) === unqualified(writer.name) || reader.aliases.some((a) => unqualified(a) === unqualified(writer.name));
}

/** Top-level match used to pick a reader union branch: same type (or name), or a promotion when `promote`. */
function matches(reader: AvroNode, writer: AvroNode, promote: boolean): boolean {
  if (reader.kind === 'primitive' && writer.kind === 'primitive') {
    return reader.type === writer.type || (promote && (PROMOTIONS[writer.type] ?? []).includes(reader.type));
  }
  if (reader.kind !== writer.kind) return false;
  if (reader.kind === 'record' || reader.kind === 'enum' || reader.kind === 'fixed') return namesMatch(reader, writer as { name: string });
  return true;
}

/**
 * Avro schema resolution (specification, "Schema Resolution"): the issues that stop `reader` from
 * reading data written with `writer`. Empty means compatible. Logical types are ignored, as the
 * specification resolves the underlying types. Missing enum symbols count as issues (unless the
 * reader's enum has a default), as schema-registry compatibility checks do.
 */
export function resolutionIssues(reader: AvroNode, writer: AvroNode, path = '', seen = new Set<string>()): ResolutionIssue[] {
  const at = path === '' ? '<root>' : path;
  if (writer.kind === 'union') {
    return writer.branches.flatMap((branch) => resolutionIssues(reader, branch, path, seen));
  }
  if (reader.kind === 'union') {
    const branch = reader.branches.find((b) => matches(b, writer, false)) ?? reader.branches.find((b) => matches(b, writer, true));
    if (branch === undefined) return [{ path: at, message: `reader union ${describeType(reader)} has no branch for written ${describeType(writer)}` }];
    return resolutionIssues(branch, writer, path, seen);
  }
  if (!matches(reader, writer, true)) {
    return [{ path: at, message: `${describeType(writer)} cannot be read as ${describeType(reader)}` }];
  }
  switch (reader.kind) {
    case 'record': {
      const w = writer as Extract<AvroNode, { kind: 'record' }>;
      const key = `${reader.name}<-${w.name}`;
      if (seen.has(key)) return [];
      seen.add(key);
      const issues: ResolutionIssue[] = [];
      for (const field of reader.fields) {
        const fieldPath = path === '' ? field.name : `${path}.${field.name}`;
        const written = w.fields.find((f) => f.name === field.name) ?? w.fields.find((f) => field.aliases.includes(f.name));
        if (written !== undefined) issues.push(...resolutionIssues(field.type, written.type, fieldPath, seen));
        else if (!field.hasDefault) issues.push({ path: fieldPath, message: `reader field ${fieldPath} is not in the written data and has no default` });
      }
      return issues;
    }
    case 'enum': {
      const w = writer as Extract<AvroNode, { kind: 'enum' }>;
      const missing = w.symbols.filter((s) => !reader.symbols.includes(s));
      if (missing.length === 0 || reader.default !== undefined) return [];
      return [{ path: at, message: `enum ${reader.name} cannot read symbol(s) ${missing.join(', ')} and has no default` }];
    }
    case 'fixed': {
      const w = writer as Extract<AvroNode, { kind: 'fixed' }>;
      return w.size === reader.size ? [] : [{ path: at, message: `fixed ${reader.name} is ${reader.size} bytes but data has ${w.size}` }];
    }
    case 'array':
      return resolutionIssues(reader.items, (writer as Extract<AvroNode, { kind: 'array' }>).items, `${path}[]`, seen);
    case 'map':
      return resolutionIssues(reader.values, (writer as Extract<AvroNode, { kind: 'map' }>).values, `${path}{}`, seen);
    default:
      return [];
  }
}
