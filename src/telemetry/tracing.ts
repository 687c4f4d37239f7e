// OpenTelemetry traces, off unless the standard OTEL_* variables ask for them: one
// tracer provider per process (the gateway or the worker), exporting over OTLP/HTTP
// (JSON) to OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT, with the W3C trace context propagated
// through Temporal headers (client interceptor -> workflow -> activities).
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { z } from 'zod';
import { unlessBlank } from '../config/env-values';
import { describeIssues, valueFreeErrorMap } from '../config/issues';

const tracingEnvSchema = z.object({
  OTEL_SDK_DISABLED: unlessBlank(z.enum(['true', 'false']).optional()),
  OTEL_TRACES_EXPORTER: unlessBlank(
    z
      .enum(['otlp', 'none'], {
        message: 'must be otlp or none (the OTLP/HTTP exporter is the one installed)',
      })
      .optional(),
  ),
  OTEL_EXPORTER_OTLP_PROTOCOL: unlessBlank(
    z.literal('http/json', { message: 'must be http/json (the exporter installed)' }).optional(),
  ),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: unlessBlank(
    z.literal('http/json', { message: 'must be http/json (the exporter installed)' }).optional(),
  ),
  OTEL_EXPORTER_OTLP_ENDPOINT: unlessBlank(z.string().url().optional()),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: unlessBlank(z.string().url().optional()),
  OTEL_SERVICE_NAME: unlessBlank(z.string().min(1).optional()),
});

export interface Tracing {
  resource: Resource;
  spanProcessor: SpanProcessor;
  /** Sends the spans still buffered; call before the process exits. */
  shutdown(): Promise<void>;
}

/** Whether the environment turns traces on: an OTLP endpoint, or OTEL_TRACES_EXPORTER=otlp. */
export function tracingRequested(env: NodeJS.ProcessEnv): boolean {
  const parsed = tracingEnvSchema.safeParse(env, { errorMap: valueFreeErrorMap });
  if (!parsed.success) throw new Error(`Invalid tracing configuration: ${describeIssues(parsed.error)}`);
  const vars = parsed.data;
  if (vars.OTEL_SDK_DISABLED === 'true' || vars.OTEL_TRACES_EXPORTER === 'none') return false;
  return (
    vars.OTEL_TRACES_EXPORTER === 'otlp' ||
    vars.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined ||
    vars.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT !== undefined
  );
}

/**
 * Registers the process's tracer provider (global, with the async-hooks context manager
 * and the W3C propagator) when asked for; undefined when traces are off.
 */
export function startTracing(env: NodeJS.ProcessEnv, defaultServiceName: string): Tracing | undefined {
  if (!tracingRequested(env)) return undefined;
  const resource = new Resource({ 'service.name': env.OTEL_SERVICE_NAME?.trim() || defaultServiceName });
  // The exporter reads the endpoint, headers and timeout from the OTEL_EXPORTER_OTLP_* variables.
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter());
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  return { resource, spanProcessor, shutdown: () => provider.shutdown() };
}
