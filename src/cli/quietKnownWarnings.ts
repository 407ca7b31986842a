/**
 * kafkajs 2.2.4 schedules a timer with a negative delay on Node ≥ 24 (kafkajs#1751: `throttledUntil` is −1
 * until a broker throttles), and Node then warns on every connection. The timer runs after 1 ms, which is
 * what kafkajs meant, so that one warning is dropped; every other warning is still printed.
 */
export function quietKnownWarnings(): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name === 'TimeoutNegativeWarning' && warning.stack?.includes('kafkajs')) return;
    process.stderr.write(`${warning.name}: ${warning.message}\n`);
  });
}
