import type { ReconstructionWindow } from '../detectors/multivariate/reconstructionWindow.ts';
import type { QualityWindow } from '../detectors/quality/qualityWindow.ts';
import { CategoricalWindowState, NumericWindowState, PaneLayout, type WindowSpan } from '../detectors/window/index.ts';
import type { WindowAggregates } from './windowAggregates.ts';

export type FeatureWindow = NumericWindowState | CategoricalWindowState;

/** What a window, or a pane of one, holds: a state per watched feature, data-quality counts, model-level sums and (multivariate) reconstruction errors. */
export interface WindowContents {
  features: FeatureWindow[];
  quality: QualityWindow | undefined;
  aggregates: WindowAggregates;
  reconstruction?: ReconstructionWindow;
}

/**
 * A monitor's open windows, kept as panes (see PaneLayout): each event goes into one pane, whatever the
 * number of windows it belongs to, and a closing window is its panes merged. Tumbling windows are their own
 * single pane, so nothing is merged.
 */
export class WindowPanes {
  readonly #layout: PaneLayout;
  readonly #create: () => WindowContents;
  /** Pane start → contents, for the panes an open window still needs. */
  readonly #panes = new Map<number, WindowContents>();

  constructor(window: { size: number; hop?: number }, create: () => WindowContents) {
    this.#layout = new PaneLayout(window);
    this.#create = create;
  }

  /** The pane an event at `position` (sequence number or event time) goes into. */
  paneFor(position: number): WindowContents {
    const start = this.#layout.paneOf(position);
    let pane = this.#panes.get(start);
    if (!pane) {
      pane = this.#create();
      this.#panes.set(start, pane);
    }
    return pane;
  }

  /** Where the pane holding `position` ends (the first position of the next pane). */
  paneEnd(position: number): number {
    return this.#layout.paneOf(position) + this.#layout.paneSize;
  }

  /**
   * The contents of a window that just closed (windows close in start order), or undefined when none of
   * its panes holds an event; then drops the panes no open window needs. The window's first pane belongs to
   * no other open window, so the others are merged into it rather than into a copy.
   */
  close(span: WindowSpan): WindowContents | undefined {
    const [first, ...rest] = this.#layout.panesOf(span);
    let window = this.#panes.get(first);
    for (const start of rest) {
      const pane = this.#panes.get(start);
      if (!pane) continue;
      window ??= this.#create();
      mergeContents(window, pane);
    }
    const keepFrom = this.#layout.retainFrom(span);
    for (const start of this.#panes.keys()) if (start < keepFrom) this.#panes.delete(start);
    return window;
  }

  /** Pane start → contents, for saving. */
  entries(): IterableIterator<[number, WindowContents]> {
    return this.#panes.entries();
  }

  /** Puts back a saved pane. */
  restore(start: number, contents: WindowContents): void {
    this.#panes.set(start, contents);
  }
}

function mergeContents(into: WindowContents, from: WindowContents): void {
  into.features.forEach((state, i) => {
    const other = from.features[i];
    if (state instanceof NumericWindowState) state.merge(other as NumericWindowState);
    else if (state instanceof CategoricalWindowState) state.merge(other as CategoricalWindowState);
  });
  if (into.quality && from.quality) into.quality.merge(from.quality);
  into.aggregates.merge(from.aggregates);
  if (into.reconstruction && from.reconstruction) into.reconstruction.merge(from.reconstruction);
}
