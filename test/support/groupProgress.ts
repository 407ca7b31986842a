import type { Admin } from 'kafkajs';

export interface GroupProgress {
  /** Sum over the topic's partitions of the group's committed offsets (a partition with none counts 0). */
  committed: number;
  /** Sum over the topic's partitions of the end offsets. */
  end: number;
  /** Committed offset per partition (−1: none yet). */
  byPartition: Map<number, number>;
}

/** How far a consumer group has committed through a topic. */
export async function groupProgress(admin: Admin, groupId: string, topic: string): Promise<GroupProgress> {
  const ends = await admin.fetchTopicOffsets(topic);
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const byPartition = new Map<number, number>();
  for (const end of ends) {
    const c = committed?.partitions.find((p) => p.partition === end.partition);
    byPartition.set(end.partition, c === undefined ? -1 : Number(c.offset));
  }
  return {
    committed: [...byPartition.values()].reduce((n, c) => n + Math.max(0, c), 0),
    end: ends.reduce((n, e) => n + Number(e.offset), 0),
    byPartition,
  };
}

/**
 * Polls (every `pollMs`, default 50 ms) until the group has committed at least `atLeast` messages of the
 * topic in total; returns the progress seen then. Errors while polling count as "not yet".
 */
export async function waitForGroupProgress(admin: Admin, groupId: string, topic: string, atLeast: number, timeoutMs = 60_000, pollMs = 50): Promise<GroupProgress> {
  const deadline = Date.now() + timeoutMs;
  let last: GroupProgress | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await groupProgress(admin, groupId, topic);
      if (last.committed >= atLeast) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting until group ${groupId} committed ${atLeast} messages of ${topic} (last seen: ${last?.committed ?? 'nothing'})`, { cause: lastError });
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
