/** 'missingShare' → 'missing_share': metric names in reports are snake case. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
