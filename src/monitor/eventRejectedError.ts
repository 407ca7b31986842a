/**
 * The engine refuses an event before applying any of it, because applying it would poison the monitor's state
 * (an event time that would move stream time past every window), or because it would need a monitor beyond a
 * bound (MonitorLimitError). The caller dead-letters it (error_kind limit).
 */
export class EventRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventRejectedError';
  }
}
