// One server span per HTTP request, continuing the caller's W3C trace context when it
// sends one, and active for everything the request does: the Temporal client interceptor
// puts it into the workflow's headers, and every log line of the request carries its ids.
// Without a registered tracer provider (traces off) the spans are no-ops.
import { SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import type express from 'express';
import { routeLabel } from './request-context';

const tracer = trace.getTracer('checkout-gateway');

export function traceRequests(): express.RequestHandler {
  return (req, res, next) => {
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer.startSpan(
      req.method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method } },
      parent,
    );
    res.on('finish', () => {
      // The route pattern, never the raw path: ids stay out of span names.
      const route = routeLabel(req);
      span.updateName(`${req.method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': res.statusCode });
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}
