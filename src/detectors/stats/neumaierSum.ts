/**
 * Compensated (Neumaier) sum: error independent of the number of terms, so sums of many small terms agree
 * with numpy's pairwise sum (and with the exact sum) to a few ulps.
 */
export class NeumaierSum {
  private sum = 0;
  private compensation = 0;

  add(x: number): void {
    const t = this.sum + x;
    if (Math.abs(this.sum) >= Math.abs(x)) this.compensation += this.sum - t + x;
    else this.compensation += x - t + this.sum;
    this.sum = t;
  }

  get value(): number {
    return this.sum + this.compensation;
  }
}
