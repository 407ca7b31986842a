/**
 * A short description of a value for an error message, whatever the value: never longer than a line, and
 * never walking into a nested value (a JSON value nested 400,000 deep would overflow JSON.stringify's stack).
 */
export function describeValue(value: unknown, maxChars = 60): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    if (value.length <= maxChars) return JSON.stringify(value);
    return `${JSON.stringify(value.slice(0, maxChars))}… (${value.length} characters)`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (isSmall(value, 3, { nodes: 40 })) {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > maxChars + 20 ? `${text.slice(0, maxChars + 17)}...` : text;
  }
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    const shown = keys.slice(0, 5).map((k) => describeValue(k, 20)).join(', ');
    return keys.length === 0 ? 'an empty object' : `an object with key${keys.length === 1 ? '' : 's'} ${shown}${keys.length > 5 ? `, … (${keys.length} keys)` : ''}`;
  }
  return typeof value;
}

/** Whether a value has at most `budget.nodes` parts, none nested deeper than `depth`: safe and short to stringify. */
function isSmall(value: unknown, depth: number, budget: { nodes: number }): boolean {
  if (--budget.nodes < 0) return false;
  if (value === null || typeof value !== 'object') return typeof value !== 'bigint';
  if (depth === 0) return false;
  for (const key in value) {
    if (!isSmall((value as Record<string, unknown>)[key], depth - 1, budget)) return false;
  }
  return true;
}
