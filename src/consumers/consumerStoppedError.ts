/** The Kafka consumer crashed on an error kafkajs does not retry (e.g. a session timeout the broker refuses): serve cannot go on. */
export class ConsumerStoppedError extends Error {
  constructor(cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`the Kafka consumer stopped and will not restart: ${reason}`, { cause });
    this.name = 'ConsumerStoppedError';
  }
}
