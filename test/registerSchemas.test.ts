import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { avroContract, contractNames } from '../src/contracts/avroContracts.ts';
import { registerContracts } from '../src/registry/registerContracts.ts';
import { createRegistryClient } from '../src/registry/registryClient.ts';
import { runCli } from './support/cliProcess.ts';
import { assertStackUp, connectionsOf, stack, uniqueNames } from './support/liveStack.ts';

test('`driftwatch schemas register` registers every contract under <topic>-value, idempotently', async () => {
  await assertStackUp();
  const names = uniqueNames('register');
  const dir = mkdtempSync(join(tmpdir(), 'driftwatch-register-'));
  const file = join(dir, 'driftwatch.yaml');
  writeFileSync(file, stringify({ ...connectionsOf(names), monitors: [{ model: 'm', window: { type: 'count', size: 100 } }] }));

  const first = await runCli(['schemas', 'register', '--config', file]);
  assert.equal(first.code, 0, first.stderr);
  const lines = first.stdout.trim().split('\n').map((line) => line.split('\t'));
  const topics = [names.predictions, names.features, names.labels, names.alerts, names.windows, names.retrain, names.deadLetter];
  assert.deepEqual(lines.map(([subject]) => subject), topics.map((t) => `${t}-value`));
  assert.deepEqual(new Set(lines.map(([, contract]) => contract)), new Set(contractNames));

  for (const [subject, contract, id] of lines) {
    const response = await fetch(`${stack.registryUrl}/subjects/${encodeURIComponent(subject)}/versions/latest`);
    assert.equal(response.status, 200, subject);
    const registered = (await response.json()) as { id: number; schema: string };
    assert.equal(`id ${registered.id}`, id);
    assert.equal(JSON.parse(registered.schema).name, avroContract(contract as (typeof contractNames)[number]).name);
  }

  const again = await runCli(['schemas', 'register', '--config', file]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout, first.stdout, 'registering the same schemas again changes nothing');
});

test('processes registering a new subject at the same moment all get its id (the registry refuses all but one compatibility update)', async () => {
  await assertStackUp();
  // Ten rounds of six clients on a fresh subject each: without the retry, about one round in ten fails with 409.
  for (let round = 0; round < 10; round++) {
    const topic = `${uniqueNames('register-race').deadLetter}.${round}`;
    const clients = Array.from({ length: 6 }, () => createRegistryClient({ url: stack.registryUrl }));
    const registrations = await Promise.all(clients.map((client) => registerContracts(client, [{ contract: 'DeadLetter', topic }])));
    assert.equal(new Set(registrations.map(([r]) => r.id)).size, 1, 'one schema id for every process');
  }
});
