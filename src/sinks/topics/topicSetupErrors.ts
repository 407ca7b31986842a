/** Kafka could not be reached, or the topics' leaders were not elected, within `topics.create.timeout`. */
export class TopicsNotReadyError extends Error {
  readonly topics: readonly string[];
  constructor(topics: readonly string[], what: string, timeoutMs: number, cause: unknown) {
    const reason = cause instanceof Error ? `: ${cause.message}` : '';
    super(`topics ${topics.join(', ')} not ready after ${timeoutMs} ms (topics.create.timeout) while ${what}${reason}; check kafka.brokers and that Kafka is up`, { cause });
    this.name = 'TopicsNotReadyError';
    this.topics = topics;
  }
}

/** Kafka refused to create a topic as configured (invalid topic config, more replicas than brokers…): fix the named key. */
export class TopicCreationRefusedError extends Error {
  readonly topic: string;
  /** Kafka's error code name, e.g. INVALID_REPLICATION_FACTOR. */
  readonly kafkaError: string;
  constructor(topic: string, kafkaError: string, kafkaMessage: string) {
    super(`Kafka refused to create topic ${topic}: ${kafkaError} (${kafkaMessage}); check ${configKeyFor(kafkaError)}`);
    this.name = 'TopicCreationRefusedError';
    this.topic = topic;
    this.kafkaError = kafkaError;
  }
}

/** Topics do not exist and `topics.create.enabled` is false. */
export class MissingTopicsError extends Error {
  readonly topics: readonly string[];
  constructor(topics: readonly string[]) {
    super(`topics ${topics.join(', ')} do not exist and topics.create.enabled is false: create them with \`driftwatch topics create --config FILE\` (or kafka-topics.sh), or set topics.create.enabled: true`);
    this.name = 'MissingTopicsError';
    this.topics = topics;
  }
}

/** Kafka denied creating or describing topics (ACLs): an operator must grant it or create the topics ahead. */
export class TopicsNotAuthorizedError extends Error {
  constructor(topics: readonly string[], kafkaError: string) {
    super(`Kafka denied ${kafkaError} for topics ${topics.join(', ')}: grant this principal Create and Describe on them, or have an operator create them ahead (\`driftwatch topics create --config FILE\`)`);
    this.name = 'TopicsNotAuthorizedError';
  }
}

function configKeyFor(kafkaError: string): string {
  switch (kafkaError) {
    case 'INVALID_REPLICATION_FACTOR':
    case 'INVALID_REPLICA_ASSIGNMENT':
      return 'topics.create.replicationFactor (at most the number of brokers)';
    case 'INVALID_PARTITIONS':
      return 'topics.create.partitions';
    case 'INVALID_TOPIC_EXCEPTION':
      return 'the topic names under topics';
    default:
      return 'topics.create.config (each key must be a Kafka topic config with a valid value)';
  }
}
