// Structured JSON logs. Every line a request writes goes through a child logger that
// carries the checkout id and provider, so one grep follows a checkout across the
// gateway, the worker and Temporal. Redaction is the safety net for secrets that reach
// a log by mistake: code should not log them in the first place.
import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino from 'pino';
import type { DestinationStream, Logger } from 'pino';
import type { LogLevel } from '../config/env';

export type { Logger } from 'pino';

/** Field names whose values are secrets wherever they appear (headers, configs, errors). */
export const SECRET_KEYS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'apiKey',
  'apiKeys',
  'api_key',
  'privateKey',
  'accessToken',
  'token',
  'secret',
  'webhookSecret',
  // The SDK's activity log context: whoever holds it can complete the activity.
  'taskToken',
  'password',
  'signature',
  'hash',
  'x-signature',
  'x-iwocapay-hmac-sha256',
  'x-ecomtrade24-signature',
  'x-webhook-signature',
  'x-affirm-signature',
] as const;

const REDACT_DEPTH = 3;

/** `key`, `*.key`, `*.*.key`: pino's redaction matches exact paths, so list each depth. */
export function redactPaths(keys: readonly string[] = SECRET_KEYS): string[] {
  const paths: string[] = [];
  for (const key of keys) {
    const segment = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
    for (let depth = 0; depth < REDACT_DEPTH; depth++) {
      const prefix = '*.'.repeat(depth);
      paths.push(segment.startsWith('[') ? `${prefix.replace(/\.$/, '')}${segment}` : `${prefix}${segment}`);
    }
  }
  return paths;
}

export interface LoggerOptions {
  level: LogLevel;
  /** Where lines go; tests pass a stream to read them. Defaults to stdout. */
  destination?: DestinationStream;
  name?: string;
}

/**
 * The active span's ids, under the names the Temporal interceptors give workflow and
 * activity lines, so one trace id finds a checkout's lines in the gateway and the worker.
 * Without tracing there is never an active span and lines stay as they were.
 */
export function traceFields(): { trace_id?: string; span_id?: string } {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      name: options.name ?? 'checkout-gateway',
      level: options.level,
      redact: { paths: redactPaths(), censor: '[redacted]' },
      // ISO times read better than epoch millis next to Temporal's own timestamps.
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: traceFields,
    },
    options.destination,
  );
}
