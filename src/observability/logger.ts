import { pino, type Logger } from 'pino';

/** Structured JSON logs on stderr (stdout is left for command output). Level from DRIFTWATCH_LOG_LEVEL, default info. */
export function createLogger(name = 'driftwatch'): Logger {
  return pino({ name, level: process.env.DRIFTWATCH_LOG_LEVEL ?? 'info' }, pino.destination(2));
}

export type { Logger };
