/** Holds a sender to `rate` messages per second on average, measured from the first message (no bursts after a pause is owed). */
export class Pacer {
  readonly #rate: number | undefined;
  #start: number | undefined;

  constructor(rate: number | undefined) {
    this.#rate = rate;
  }

  /** Waits until the message numbered `sent` (0-based) may go. */
  async wait(sent: number): Promise<void> {
    if (this.#rate === undefined) return;
    this.#start ??= performance.now();
    const due = this.#start + (sent / this.#rate) * 1000;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
