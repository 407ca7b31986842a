import { ValueTag, valueAt, type EventBatch } from '../contracts/eventBatch.ts';
import type { PredictionEvent } from '../contracts/events.ts';
import type { ReconstructionModel } from '../detectors/multivariate/reconstructionModel.ts';
import type { ReconstructionWindow } from '../detectors/multivariate/reconstructionWindow.ts';
import { watchedColumn, watchedFeature, type WatchedFeature } from './watchedFeatures.ts';

/** Feeds a reconstruction model's errors to a window, from events or from the columns of a batch (the same errors either way). */
export class ReconstructionInput {
  readonly #model: ReconstructionModel;
  readonly #features: WatchedFeature[];
  readonly #row: unknown[];

  constructor(model: ReconstructionModel) {
    this.#model = model;
    this.#features = model.columns.map((c) => watchedFeature(c.name, c.kind));
    this.#row = new Array<unknown>(model.columns.length);
  }

  add(event: PredictionEvent, window: ReconstructionWindow): void {
    for (let j = 0; j < this.#features.length; j++) this.#row[j] = this.#features[j].read(event);
    window.add(this.#model.error(this.#row));
  }

  /** add() for rows of a batch, in order: each column encoded once (a category's share looked up once per dictionary entry). */
  addRows(batch: EventBatch, rows: Int32Array, window: ReconstructionWindow): void {
    const model = this.#model;
    const d = model.columns.length;
    const encoded = new Float64Array(rows.length * d);
    model.columns.forEach((column, j) => {
      const field = watchedColumn(batch, column.name);
      if (!field) {
        const missing = model.encodeValue(j, null);
        for (let i = 0; i < rows.length; i++) encoded[i * d + j] = missing;
        return;
      }
      const { tags, numbers, codes } = field;
      const shares = column.kind === 'categorical' ? field.dictionary.map((category) => model.encodeValue(j, category)) : [];
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        const tag = tags[r];
        encoded[i * d + j] = column.kind === 'numeric'
          ? model.encodeValue(j, tag === ValueTag.number ? numbers[r] : null)
          : tag === ValueTag.string || tag === ValueTag.boolean ? shares[codes[r]] : model.encodeValue(j, valueAt(field, r) ?? null);
      }
    });
    for (let i = 0; i < rows.length; i++) window.add(model.errorOfEncoded(encoded.subarray(i * d, (i + 1) * d)));
  }
}
