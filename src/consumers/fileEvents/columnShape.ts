import { FileRecordError } from './fileRecordError.ts';

/**
 * Checks a header once and returns the function that turns a row of cells into a record, nesting dotted column
 * names: `features.income` → { features: { income } }. Rejects headers that cannot nest unambiguously.
 */
export function columnShaper(columns: readonly string[], headerLocation: string): (cells: readonly unknown[]) => Record<string, unknown> {
  const paths = columns.map((name, index) => splitColumn(name, index, headerLocation));
  checkUnambiguous(columns, headerLocation);
  if (paths.every((path) => path.length === 1)) {
    return (cells) => {
      const record: Record<string, unknown> = {};
      for (let i = 0; i < columns.length; i++) record[columns[i]] = cells[i];
      return record;
    };
  }
  return (cells) => {
    const record: Record<string, unknown> = {};
    for (let i = 0; i < paths.length; i++) {
      const path = paths[i];
      let target = record;
      for (let j = 0; j < path.length - 1; j++) target = (target[path[j]] ??= {}) as Record<string, unknown>;
      target[path[path.length - 1]] = cells[i];
    }
    return record;
  };
}

function splitColumn(name: string, index: number, headerLocation: string): string[] {
  const where = `column ${index + 1}`;
  if (name === '') throw new FileRecordError(headerLocation, `${where} has no name in the header`);
  const path = name.split('.');
  if (path.some((part) => part === '')) {
    throw new FileRecordError(headerLocation, `${where} '${name}' has an empty part between dots; nested fields are written like features.income`);
  }
  if (path.includes('__proto__')) throw new FileRecordError(headerLocation, `${where} '${name}' uses the reserved name __proto__`);
  return path;
}

function checkUnambiguous(columns: readonly string[], headerLocation: string): void {
  const firstIndex = new Map<string, number>();
  columns.forEach((name, index) => {
    const earlier = firstIndex.get(name);
    if (earlier !== undefined) {
      throw new FileRecordError(headerLocation, `column '${name}' appears twice (columns ${earlier + 1} and ${index + 1})`);
    }
    firstIndex.set(name, index);
  });
  for (const name of columns) {
    for (let dot = name.indexOf('.'); dot !== -1; dot = name.indexOf('.', dot + 1)) {
      const prefix = name.slice(0, dot);
      if (firstIndex.has(prefix)) {
        throw new FileRecordError(headerLocation, `column '${prefix}' holds a value and column '${name}' puts a field under it; rename one of them`);
      }
    }
  }
}
