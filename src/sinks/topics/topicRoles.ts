import type { DriftwatchConfig, TopicRole } from '../../config/configSchema.ts';

/** Every topic of a config: what `driftwatch topics create` makes. */
export const allTopicRoles: readonly TopicRole[] = ['predictions', 'features', 'labels', 'windows', 'alerts', 'retrain', 'deadLetter', 'notifyDeadLetter'];

/** The topics `serve` reads (the streams its monitors watch, labels when one measures performance) and writes. */
export function serveTopicRoles(config: Pick<DriftwatchConfig, 'monitors'>): TopicRole[] {
  const roles = new Set<TopicRole>();
  for (const monitor of config.monitors) {
    for (const stream of monitor.streams) roles.add(stream);
    if (monitor.performance) roles.add('labels');
  }
  return [...roles, 'windows', 'alerts', 'retrain', 'deadLetter'];
}

/** The topics `notify` reads (alerts, and retraining requests when a route asks for them) and writes (its dead letters). */
export function notifyTopicRoles(readsRetrain: boolean): TopicRole[] {
  return readsRetrain ? ['alerts', 'retrain', 'notifyDeadLetter'] : ['alerts', 'notifyDeadLetter'];
}
