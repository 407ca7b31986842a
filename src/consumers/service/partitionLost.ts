/** Stops a batch whose partition was taken by a rebalance: its work is dropped, its offsets not resolved. */
export class PartitionLost extends Error {
  constructor() {
    super('the partition was reassigned while its batch ran');
    this.name = 'PartitionLost';
  }
}
