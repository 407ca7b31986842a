/** One record of two time-ordered sources, tagged with its source. */
export type Merged<A, B> = { from: 'a'; value: A } | { from: 'b'; value: B };

/**
 * Interleaves two sources, each in time order, by timestamp; on a tie the record of `a` comes first (a prediction
 * before the label that arrives at the same millisecond). Either source may be absent.
 */
export async function* byTimestamp<A, B>(
  a: AsyncIterable<A> | undefined, timeOfA: (value: A) => number,
  b: AsyncIterable<B> | undefined, timeOfB: (value: B) => number,
): AsyncGenerator<Merged<A, B>> {
  const itA = a?.[Symbol.asyncIterator]();
  const itB = b?.[Symbol.asyncIterator]();
  let nextA = itA ? await itA.next() : undefined;
  let nextB = itB ? await itB.next() : undefined;
  while ((nextA && !nextA.done) || (nextB && !nextB.done)) {
    const takeB = nextB && !nextB.done && (!nextA || nextA.done || timeOfB(nextB.value) < timeOfA(nextA.value));
    if (takeB) {
      yield { from: 'b', value: nextB!.value as B };
      nextB = await itB!.next();
    } else {
      yield { from: 'a', value: nextA!.value as A };
      nextA = await itA!.next();
    }
  }
}
