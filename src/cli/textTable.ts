/** Rows as left-aligned columns separated by two spaces; the first row is the header, underlined. */
export function textTable(rows: readonly (readonly string[])[], indent = '  '): string {
  if (rows.length === 0) return '';
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  const line = (row: readonly string[]) => `${indent}${row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')}`.trimEnd();
  const rule = widths.map((w) => '─'.repeat(w));
  return [line(rows[0]), line(rule), ...rows.slice(1).map(line)].join('\n');
}
