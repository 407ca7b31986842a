/**
 * The promise, or a rejection after `ms`: a regression that makes a call hang must fail its test, not hang
 * the test file. `message` says what was waited for (it is read only on timeout).
 */
export function within<T>(ms: number, promise: Promise<T>, message: () => string = () => 'the call hangs'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: ${message()}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
