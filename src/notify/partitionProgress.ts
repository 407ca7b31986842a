/**
 * Which offsets of one partition are finished: an alert is finished once every receiver it was routed to has
 * delivered it (or dead-lettered it). The offset to commit is the lowest unfinished one, so a slow receiver
 * holds back the commit but not the other receivers; delivery records keep a restart from repeating what the
 * others already sent.
 */
export class PartitionProgress {
  /** Offsets seen, in order, with the receivers still owing each. */
  readonly #pending = new Map<number, number>();
  readonly #order: number[] = [];
  #head = 0;
  #next: number | undefined;

  /** An offset routed to `receivers` receivers (0: finished at once). Offsets come in increasing order. */
  add(offset: number, receivers: number): void {
    if (this.#next !== undefined && offset < this.#next) return;
    this.#next = offset + 1;
    if (receivers === 0) return;
    this.#pending.set(offset, receivers);
    this.#order.push(offset);
  }

  /** One receiver finished the offset. */
  finish(offset: number): void {
    const left = this.#pending.get(offset);
    if (left === undefined) return;
    if (left > 1) this.#pending.set(offset, left - 1);
    else this.#pending.delete(offset);
    while (this.#head < this.#order.length && !this.#pending.has(this.#order[this.#head])) this.#head++;
    if (this.#head > 1024 && this.#head * 2 > this.#order.length) {
      this.#order.splice(0, this.#head);
      this.#head = 0;
    }
  }

  /** The offset to commit (the next to read after a restart), undefined before any offset was seen. */
  commitOffset(): number | undefined {
    if (this.#head < this.#order.length) return this.#order[this.#head];
    return this.#next;
  }
}
