// The Temporal SDK's `Logger` interface over our pino logger: the SDK's own lines, the
// native core's (forwarded) and every workflow `log` and activity `log` call become the
// same JSON lines as the rest of the process, through the same redaction.
import type { LogLevel as SdkLogLevel, LogMetadata, Logger as SdkLogger } from '@temporalio/common';
import type { LogLevel } from '../config/env';
import type { Logger } from './logger';

const PINO_LEVELS: Record<SdkLogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** The SDK level that lets through what LOG_LEVEL lets through (the SDK has no fatal or silent). */
export const SDK_LOG_LEVELS: Record<LogLevel, SdkLogLevel> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'ERROR',
  silent: 'ERROR',
};

/** pino serializes an Error only under `err`; the SDK passes them as `error`. */
function fieldsOf(meta: LogMetadata | undefined): Record<string, unknown> {
  if (meta === undefined) return {};
  const { error, ...rest } = meta as Record<string, unknown>;
  if (error === undefined) return rest;
  return error instanceof Error ? { ...rest, err: error } : { ...rest, error };
}

export function sdkLoggerFor(logger: Logger): SdkLogger {
  const log = (level: SdkLogLevel, message: string, meta?: LogMetadata) =>
    logger[PINO_LEVELS[level]](fieldsOf(meta), message);
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}
