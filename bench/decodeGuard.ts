/**
 * What the input guards cost on the hot path, per Avro PredictionEvent of 10 features plus score and label: avsc's
 * decode alone, the Avro block guard alone (src/consumers/avroBlockGuard.ts), both, and the per-event limit checks
 * (src/consumers/inputLimits.ts). Interleaved rounds; medians in ns per event.
 */
import avro from 'avsc';
import { defaultInputLimits } from '../src/config/limitsSchema.ts';
import { avroContract } from '../src/contracts/avroContracts.ts';
import { withWrappedFeatures } from '../src/contracts/featureValueUnion.ts';
import { avroGuard } from '../src/consumers/avroBlockGuard.ts';
import { checkPredictionEventLimits } from '../src/consumers/inputLimits.ts';
import { toPredictionEvent } from '../src/consumers/predictionEventValidation.ts';
import { predictionStream } from '../test/support/predictionStream.ts';
import { seededRandom } from '../test/support/random.ts';

const EVENTS = 20_000;
const ROUNDS = 7;

export function run(): object {
  const type = avro.Type.forSchema(avroContract('PredictionEvent') as avro.Schema, { wrapUnions: 'auto' });
  const events = predictionStream(seededRandom(8), { modelId: 'm', count: EVENTS })
    .map((e) => ({ ...e, features: { ...e.features, f5: e.features.age, f6: 1.5, f7: 3, f8: 'a', f9: e.features.income, f10: 0.5 } }));
  const payloads = events.map((e) => type.toBuffer(withWrappedFeatures(e)));
  const decoded = payloads.map((p) => toPredictionEvent(type.fromBuffer(p)));
  const guard = avroGuard(type, defaultInputLimits.maxAvroItems);
  const cases: Record<string, () => void> = {
    avscDecode: () => { for (const p of payloads) type.fromBuffer(p); },
    avroGuard: () => { for (const p of payloads) guard(p); },
    guardThenDecode: () => { for (const p of payloads) { guard(p); type.fromBuffer(p); } },
    eventLimitChecks: () => { for (const e of decoded) checkPredictionEventLimits(e, defaultInputLimits); },
  };
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, body] of Object.entries(cases)) {
      const started = performance.now();
      body();
      samples[name].push(((performance.now() - started) * 1e6) / EVENTS);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const nsPerEvent = Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, Math.round(median(xs))]));
  return { events: EVENTS, rounds: ROUNDS, nsPerEvent, guardShareOfDecode: Number((nsPerEvent.avroGuard / nsPerEvent.avscDecode).toFixed(2)) };
}
