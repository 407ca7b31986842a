import assert from 'node:assert/strict';
import { test } from 'node:test';
import { avroContract } from '../src/contracts/avroContracts.ts';
import { assertStackUp, stack, uniqueNames } from './support/liveStack.ts';

/** WindowReport as it was before findings carried details and threshold_source, and reports their stream positions. */
function windowReportBeforeDetails(): unknown {
  const schema = JSON.parse(JSON.stringify(avroContract('WindowReport'))) as { fields: { name: string; type: { items: { fields: { name: string }[] } } }[] };
  const findings = schema.fields.find((f) => f.name === 'findings')!.type.items;
  findings.fields = findings.fields.filter((f) => f.name !== 'details' && f.name !== 'threshold_source');
  schema.fields = schema.fields.filter((f) => !['stream_start', 'stream_end', 'first_event_time', 'last_event_time'].includes(f.name));
  return schema;
}

async function registry(path: string, method: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${stack.registryUrl}${path}`, { method, headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

test('the registry accepts the WindowReport with finding details as a BACKWARD-compatible update of the earlier one', async () => {
  await assertStackUp();
  const subject = `${uniqueNames('report-evolution').windows}-value`;
  assert.equal((await registry(`/config/${encodeURIComponent(subject)}`, 'PUT', { compatibility: 'BACKWARD' })).status, 200);
  const older = await registry(`/subjects/${encodeURIComponent(subject)}/versions`, 'POST', { schema: JSON.stringify(windowReportBeforeDetails()) });
  assert.equal(older.status, 200, JSON.stringify(older.json));
  const check = await registry(`/compatibility/subjects/${encodeURIComponent(subject)}/versions/latest`, 'POST', { schema: JSON.stringify(avroContract('WindowReport')) });
  assert.equal(check.status, 200, JSON.stringify(check.json));
  assert.equal(check.json.is_compatible, true);
  const newer = await registry(`/subjects/${encodeURIComponent(subject)}/versions`, 'POST', { schema: JSON.stringify(avroContract('WindowReport')) });
  assert.equal(newer.status, 200, JSON.stringify(newer.json));
  assert.notEqual(newer.json.id, older.json.id);
  // The check is real: a finding field without a default would be refused.
  const broken = JSON.parse(JSON.stringify(avroContract('WindowReport'))) as { fields: { name: string; type: { items: { fields: object[] } } }[] };
  broken.fields.find((f) => f.name === 'findings')!.type.items.fields.push({ name: 'required_without_default', type: 'double' });
  const refused = await registry(`/compatibility/subjects/${encodeURIComponent(subject)}/versions/latest`, 'POST', { schema: JSON.stringify(broken) });
  assert.equal(refused.json.is_compatible, false, JSON.stringify(refused.json));
});
