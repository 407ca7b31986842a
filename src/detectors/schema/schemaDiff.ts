import { type AvroField, type AvroNode, parseAvroSchema, unqualified } from './avroSchema.ts';
import { type ResolutionIssue, describeType, resolutionIssues } from './schemaResolution.ts';

export type SchemaChangeKind =
  | 'field_added'
  | 'field_removed'
  | 'field_renamed'
  | 'type_changed'
  | 'logical_type_changed'
  | 'union_branch_added'
  | 'union_branch_removed'
  | 'enum_symbols_added'
  | 'enum_symbols_removed'
  | 'fixed_size_changed'
  | 'name_changed'
  | 'default_added'
  | 'default_removed'
  | 'default_changed';

export interface SchemaChange {
  kind: SchemaChangeKind;
  /** Dotted field path; '[]' steps into array items, '{}' into map values; '<root>' for the top level. */
  path: string;
  old?: string;
  new?: string;
  /** A reader on the new schema can read data written with the old one (for this change). */
  backwardCompatible: boolean;
  /** A reader on the old schema can read data written with the new one (for this change). */
  forwardCompatible: boolean;
  note?: string;
}

export interface SchemaDiff {
  changes: SchemaChange[];
  /** New-schema readers can read old data (Avro resolution of the whole schemas). */
  backwardCompatible: boolean;
  /** Old-schema readers can read new data. */
  forwardCompatible: boolean;
  backwardIssues: ResolutionIssue[];
  forwardIssues: ResolutionIssue[];
  summary: string;
}

/**
 * Structural diff of two Avro writer schemas, with compatibility judged by Avro schema resolution:
 * - backward (reader = new schema, data = old): a field added without a default breaks it; removed
 *   enum symbols break it unless the new enum has a default; narrowing a type breaks it.
 * - forward (reader = old schema, data = new): a field removed that had no default in the old
 *   schema breaks it; added enum symbols break it unless the old enum has a default.
 * Promotions int→long→float→double (int→float/double, long→double too) and string↔bytes are allowed;
 * named types match by unqualified name or alias; logical types do not affect resolution but a
 * change of logical type is reported, because readers will interpret the values differently.
 */
export function diffAvroSchemas(oldSchema: unknown, newSchema: unknown): SchemaDiff {
  const before = parseAvroSchema(oldSchema);
  const after = parseAvroSchema(newSchema);
  const changes: SchemaChange[] = [];
  diffNodes(before, after, '', changes, new Set());
  const backwardIssues = resolutionIssues(after, before);
  const forwardIssues = resolutionIssues(before, after);
  const diff = {
    changes,
    backwardCompatible: backwardIssues.length === 0,
    forwardCompatible: forwardIssues.length === 0,
    backwardIssues,
    forwardIssues,
  };
  return { ...diff, summary: summarise(diff) };
}

function display(path: string): string {
  return path === '' ? '<root>' : path;
}

function compatible(reader: AvroNode, writer: AvroNode, path: string): boolean {
  return resolutionIssues(reader, writer, path).length === 0;
}

function branchKey(node: AvroNode): string {
  switch (node.kind) {
    case 'primitive':
      return node.type;
    case 'record':
    case 'enum':
    case 'fixed':
      return `${node.kind}:${unqualified(node.name)}`;
    default:
      return node.kind;
  }
}

function diffNodes(before: AvroNode, after: AvroNode, path: string, changes: SchemaChange[], seen: Set<string>): void {
  if (before.kind === 'union' || after.kind === 'union') {
    diffUnions(before, after, path, changes, seen);
    return;
  }
  const at = display(path);
  if (before.kind !== after.kind || (before.kind === 'primitive' && after.kind === 'primitive' && before.type !== after.type)) {
    changes.push({
      kind: 'type_changed',
      path: at,
      old: describeType(before),
      new: describeType(after),
      backwardCompatible: compatible(after, before, path),
      forwardCompatible: compatible(before, after, path),
    });
    return;
  }
  if ((before.kind === 'primitive' || before.kind === 'fixed') && (after.kind === 'primitive' || after.kind === 'fixed') && before.logicalType !== after.logicalType) {
    changes.push({
      kind: 'logical_type_changed',
      path: at,
      old: before.logicalType ?? 'none',
      new: after.logicalType ?? 'none',
      backwardCompatible: true,
      forwardCompatible: true,
      note: 'Avro resolves the underlying type, but readers will interpret the values differently',
    });
  }
  if ((before.kind === 'record' || before.kind === 'enum' || before.kind === 'fixed') && before.kind === after.kind) {
    const a = after as { name: string; aliases: string[] };
    if (unqualified(before.name) !== unqualified(a.name)) {
      changes.push({
        kind: 'name_changed',
        path: at,
        old: before.name,
        new: a.name,
        backwardCompatible: a.aliases.some((x) => unqualified(x) === unqualified(before.name)),
        forwardCompatible: before.aliases.some((x) => unqualified(x) === unqualified(a.name)),
      });
    }
  }
  switch (before.kind) {
    case 'record': {
      const a = after as Extract<AvroNode, { kind: 'record' }>;
      const key = `${before.name}->${a.name}`;
      if (seen.has(key)) return;
      seen.add(key);
      diffFields(before.fields, a.fields, path, changes, seen);
      return;
    }
    case 'enum': {
      const a = after as Extract<AvroNode, { kind: 'enum' }>;
      const removed = before.symbols.filter((s) => !a.symbols.includes(s));
      const added = a.symbols.filter((s) => !before.symbols.includes(s));
      if (removed.length > 0) {
        changes.push({ kind: 'enum_symbols_removed', path: at, old: removed.join(', '), backwardCompatible: a.default !== undefined, forwardCompatible: true });
      }
      if (added.length > 0) {
        changes.push({ kind: 'enum_symbols_added', path: at, new: added.join(', '), backwardCompatible: true, forwardCompatible: before.default !== undefined });
      }
      return;
    }
    case 'fixed': {
      const a = after as Extract<AvroNode, { kind: 'fixed' }>;
      if (before.size !== a.size) {
        changes.push({ kind: 'fixed_size_changed', path: at, old: String(before.size), new: String(a.size), backwardCompatible: false, forwardCompatible: false });
      }
      return;
    }
    case 'array':
      diffNodes(before.items, (after as Extract<AvroNode, { kind: 'array' }>).items, `${path}[]`, changes, seen);
      return;
    case 'map':
      diffNodes(before.values, (after as Extract<AvroNode, { kind: 'map' }>).values, `${path}{}`, changes, seen);
      return;
    default:
      return;
  }
}

function diffUnions(before: AvroNode, after: AvroNode, path: string, changes: SchemaChange[], seen: Set<string>): void {
  const oldBranches = before.kind === 'union' ? before.branches : [before];
  const newBranches = after.kind === 'union' ? after.branches : [after];
  const at = display(path);
  for (const b of oldBranches) {
    const counterpart = newBranches.find((n) => branchKey(n) === branchKey(b));
    if (counterpart !== undefined) diffNodes(b, counterpart, path, changes, seen);
    else {
      changes.push({
        kind: 'union_branch_removed',
        path: at,
        old: describeType(b),
        backwardCompatible: compatible(after, b, path),
        forwardCompatible: true,
      });
    }
  }
  for (const n of newBranches) {
    if (oldBranches.some((b) => branchKey(b) === branchKey(n))) continue;
    changes.push({
      kind: 'union_branch_added',
      path: at,
      new: describeType(n),
      backwardCompatible: true,
      forwardCompatible: compatible(before, n, path),
    });
  }
}

function diffFields(before: AvroField[], after: AvroField[], path: string, changes: SchemaChange[], seen: Set<string>): void {
  const join = (name: string) => (path === '' ? name : `${path}.${name}`);
  const matched = new Set<AvroField>();
  for (const old of before) {
    const same = after.find((f) => f.name === old.name);
    const renamed = same ?? after.find((f) => f.aliases.includes(old.name));
    if (renamed === undefined) {
      changes.push({
        kind: 'field_removed',
        path: join(old.name),
        old: describeType(old.type),
        backwardCompatible: true,
        forwardCompatible: old.hasDefault,
        ...(old.hasDefault ? {} : { note: 'readers on the old schema need this field and it has no default there' }),
      });
      continue;
    }
    matched.add(renamed);
    if (same === undefined) {
      changes.push({
        kind: 'field_renamed',
        path: join(old.name),
        old: old.name,
        new: renamed.name,
        backwardCompatible: true,
        forwardCompatible: old.hasDefault,
        note: `the new field lists "${old.name}" as an alias`,
      });
    }
    diffNodes(old.type, renamed.type, join(renamed.name), changes, seen);
    diffDefaults(old, renamed, join(renamed.name), changes);
  }
  for (const added of after) {
    if (matched.has(added)) continue;
    changes.push({
      kind: 'field_added',
      path: join(added.name),
      new: describeType(added.type),
      backwardCompatible: added.hasDefault,
      forwardCompatible: true,
      ...(added.hasDefault ? {} : { note: 'readers on the new schema cannot fill it from old data: give it a default' }),
    });
  }
}

function diffDefaults(before: AvroField, after: AvroField, path: string, changes: SchemaChange[]): void {
  if (before.hasDefault && !after.hasDefault) {
    changes.push({ kind: 'default_removed', path, old: JSON.stringify(before.default), backwardCompatible: true, forwardCompatible: true });
  } else if (!before.hasDefault && after.hasDefault) {
    changes.push({ kind: 'default_added', path, new: JSON.stringify(after.default), backwardCompatible: true, forwardCompatible: true });
  } else if (before.hasDefault && JSON.stringify(before.default) !== JSON.stringify(after.default)) {
    changes.push({ kind: 'default_changed', path, old: JSON.stringify(before.default), new: JSON.stringify(after.default), backwardCompatible: true, forwardCompatible: true });
  }
}

function summarise(diff: Omit<SchemaDiff, 'summary'>): string {
  if (diff.changes.length === 0) return 'The schemas are structurally identical.';
  const counts = new Map<string, number>();
  for (const c of diff.changes) counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);
  const listed = [...counts].map(([kind, n]) => `${n} ${kind.replaceAll('_', ' ')}`).join(', ');
  const verdict = (ok: boolean, issues: ResolutionIssue[]) => (ok ? 'compatible' : `breaking (${issues[0].message}${issues.length > 1 ? ` and ${issues.length - 1} more` : ''})`);
  return (
    `${diff.changes.length} change${diff.changes.length === 1 ? '' : 's'} (${listed}); ` +
    `new readers on old data: ${verdict(diff.backwardCompatible, diff.backwardIssues)}; ` +
    `old readers on new data: ${verdict(diff.forwardCompatible, diff.forwardIssues)}.`
  );
}
