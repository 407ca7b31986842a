/**
 * The floor under serve's rate: a kafkajs consumer group with serve's consumer settings (kafkaClient's Kafka
 * options via testKafka, monitorService's consumer and run options) that only iterates each batch's messages,
 * resolves and commits the last offset. Runs in the bench process: its CPU is process.cpuUsage() over the span.
 */
import { testKafka } from '../../test/support/liveStack.ts';

export interface NoopRun {
  eventsMeasured: number;
  seconds: number;
  eventsPerSecond: number;
  cpuMicrosPerEvent: number;
}

export async function measureNoopConsumer(topic: string, groupId: string, ends: Map<number, number>, timeoutMs: number): Promise<NoopRun> {
  const consumer = testKafka().consumer({ groupId, sessionTimeout: 30_000, allowAutoTopicCreation: true });
  const total = [...ends.values()].reduce((a, b) => a + b, 0);
  let consumed = 0;
  let startedAt: number | undefined;
  let cpuAtStart: NodeJS.CpuUsage | undefined;
  let countAtStart = 0;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const committedAt = new Map<number, number>();
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachBatchAutoResolve: false,
      autoCommit: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
        for (const message of batch.messages) if (message.value === null) continue;
        const last = batch.messages.at(-1);
        if (!last) return;
        resolveOffset(last.offset);
        await consumer.commitOffsets([{ topic, partition: batch.partition, offset: String(Number(last.offset) + 1) }]);
        await heartbeat();
        // Timed like serve: from the first commit to the commit that reaches the end of every partition.
        if (startedAt === undefined) {
          startedAt = performance.now();
          cpuAtStart = process.cpuUsage();
          countAtStart = batch.messages.length;
        }
        consumed += batch.messages.length;
        committedAt.set(batch.partition, Number(last.offset) + 1);
        if ([...ends].every(([p, end]) => end === 0 || (committedAt.get(p) ?? 0) >= end)) resolveDone();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the no-op consumer did not reach the end of ${topic} within ${timeoutMs} ms`)), timeoutMs)));
    await Promise.race([done, timedOut]).finally(() => clearTimeout(timer));
    const seconds = (performance.now() - startedAt!) / 1000;
    const cpu = process.cpuUsage(cpuAtStart);
    const measured = Math.min(consumed, total) - countAtStart;
    return { eventsMeasured: measured, seconds: Number(seconds.toFixed(2)), eventsPerSecond: Math.round(measured / seconds), cpuMicrosPerEvent: Number(((cpu.user + cpu.system) / measured).toFixed(2)) };
  } finally {
    await consumer.disconnect();
  }
}
