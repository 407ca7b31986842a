/**
 * Compensated (Neumaier) running sum: the error does not grow with the number of terms, so long sums
 * agree with numpy's pairwise sum (and with the exact sum) to a few ulps, and partial sums merge
 * without losing what each compensated.
 */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  add(x: number): void {
    const t = this.sum + x;
    if (Math.abs(this.sum) >= Math.abs(x)) this.compensation += this.sum - t + x;
    else this.compensation += x - t + this.sum;
    this.sum = t;
  }

  merge(other: CompensatedSum): void {
    this.add(other.sum);
    this.add(other.compensation);
  }

  get value(): number {
    return this.sum + this.compensation;
  }

  /** The two parts, for serialisation. */
  get parts(): [number, number] {
    return [this.sum, this.compensation];
  }

  static fromParts(sum: number, compensation: number): CompensatedSum {
    const s = new CompensatedSum();
    s.sum = sum;
    s.compensation = compensation;
    return s;
  }
}
