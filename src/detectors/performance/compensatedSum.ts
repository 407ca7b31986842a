/** Neumaier-compensated running sum: long sums of errors stay accurate to about one rounding. */
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
