/** A receiver's deliveries hit an error that retrying cannot fix (a bug, or a dependency refusing for good): notify must restart. */
export class DeliveryStoppedError extends Error {
  constructor(receiver: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`deliveries to receiver '${receiver}' stopped: ${reason}; restart notify (nothing unfinished was committed, delivery records prevent repeats)`, { cause });
    this.name = 'DeliveryStoppedError';
  }
}
