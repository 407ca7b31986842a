import assert from 'node:assert/strict';

/**
 * Output records by id, without created_at (the wall clock at publication) and replay's `type` tag, as plain
 * JSON data: what serve published and replay wrote compare equal record by record. A record published twice
 * (after a restart) must be identical.
 */
export function recordsById(records: readonly object[], id: (r: Record<string, unknown>) => string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const r of records) {
    const { created_at: _c, type: _t, ...rest } = r as Record<string, unknown>;
    const key = id(r as Record<string, unknown>);
    const plain = JSON.parse(JSON.stringify(rest));
    if (out.has(key)) assert.deepEqual(plain, out.get(key), `${key} published twice is identical`);
    out.set(key, plain);
  }
  return out;
}
