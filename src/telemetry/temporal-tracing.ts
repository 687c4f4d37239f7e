// The Temporal side of tracing: the worker's plugin (activity and workflow interceptors,
// workflow spans exported through a sink) and the gateway client's interceptor, which
// puts the request's trace context into the headers of every start, update and signal.
import {
  OpenTelemetryPlugin,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { ClientInterceptors } from '@temporalio/client';
import type { WorkerPlugin } from '@temporalio/worker';
import type { Tracing } from './tracing';

export function tracingWorkerPlugins(tracing: Tracing | undefined): WorkerPlugin[] {
  if (!tracing) return [];
  return [new OpenTelemetryPlugin({ resource: tracing.resource, spanProcessor: tracing.spanProcessor })];
}

export function tracingClientInterceptors(tracing: Tracing | undefined): ClientInterceptors | undefined {
  return tracing ? { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } : undefined;
}
