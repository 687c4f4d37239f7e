// Traces as an operator with a collector meets them: OTEL_EXPORTER_OTLP_ENDPOINT points
// at a real OTLP/HTTP receiver on loopback; a checkout started over real HTTP against
// the real gateway on the dev server leaves spans of the gateway's request, its Temporal
// call, the workflow and its activities, all in the caller's trace, and the gateway's
// log lines of that request carry the trace id. Unset, nothing is traced.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import express from 'express';
import { tracingClientInterceptors, tracingWorkerPlugins } from '../../src/telemetry/temporal-tracing';
import type { Tracing } from '../../src/telemetry/tracing';
import { startTracing, tracingRequested } from '../../src/telemetry/tracing';
import type { Harness } from '../gateway/support/harness';
import { API_KEY, closeServer, listenEphemeral, startHarness } from '../gateway/support/harness';
import { checkoutBody, eventually, record, send } from '../gateway/support/http';

jest.setTimeout(120_000);

interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}

const received: ExportedSpan[] = [];
const collector = express();
collector.post('/v1/traces', express.json({ limit: '20mb' }), (req, res) => {
  const body = record(req.body) as {
    resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: ExportedSpan[] }> }>;
  };
  for (const resource of body.resourceSpans ?? [])
    for (const scope of resource.scopeSpans ?? []) received.push(...(scope.spans ?? []));
  res.json({});
});
const collectorServer = createServer(collector);

let h: Harness;
let tracing: Tracing | undefined;

beforeAll(async () => {
  const collectorUrl = await listenEphemeral(collectorServer);
  const env = { OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' };
  // The exporter reads its endpoint from the process environment, as in the real processes.
  Object.assign(process.env, env);
  tracing = startTracing(process.env, 'checkout-test');
  h = await startHarness({
    workerPlugins: tracingWorkerPlugins(tracing),
    clientInterceptors: tracingClientInterceptors(tracing),
  });
}, 120_000);
afterAll(async () => {
  await h?.close();
  await tracing?.shutdown();
  await closeServer(collectorServer);
  delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  delete process.env.OTEL_EXPORTER_OTLP_PROTOCOL;
});

describe('traces (OTEL_*)', () => {
  it('are off unless an OTLP endpoint or exporter is configured, and a bad setting is named', () => {
    expect(tracingRequested({})).toBe(false);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).toBe(true);
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(true);
    expect(
      tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' }),
    ).toBe(false);
    expect(
      tracingRequested({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
        OTEL_TRACES_EXPORTER: 'none',
      }),
    ).toBe(false);
    expect(() => tracingRequested({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(
      /OTEL_EXPORTER_OTLP_PROTOCOL/,
    );
    expect(() => tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
  });

  it('follow one checkout from the gateway through the workflow to its activities, in one trace', async () => {
    const traceId = randomBytes(16).toString('hex');
    const answer = await send(`${h.url}/checkouts`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${API_KEY}`,
        'content-type': 'application/json',
        traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
      },
      body: JSON.stringify(checkoutBody('wegetfinancing')),
    });
    expect(answer.status).toBe(201);

    const names = await eventually(
      async () => {
        await tracing?.spanProcessor.forceFlush();
        const inTrace = received.filter((span) => span.traceId === traceId).map((span) => span.name);
        const complete =
          inTrace.includes('POST /checkouts') &&
          // Spans of the workflow code itself (the run's own span ends with the run).
          inTrace.includes('HandleUpdate:session') &&
          inTrace.includes('StartActivity:createProviderSession') &&
          inTrace.includes('RunActivity:createProviderSession');
        return complete ? inTrace : undefined;
      },
      30_000,
      'the spans of the checkout',
    );
    // The gateway's Temporal call joins the same trace: the workflow's headers carried it.
    expect(names).toContain('UpdateWithStartWorkflow:session');
    // Span names carry no checkout id or order id.
    expect(names.join(' ')).not.toMatch(/ord-/);

    const lines = h.logs.map((line) => record(JSON.parse(line)));
    const ofRequest = lines.filter((line) => line.msg === 'checkout answered' || line.msg === 'request done');
    const traced = ofRequest.filter((line) => line.trace_id === traceId);
    expect(traced.length).toBeGreaterThanOrEqual(2);
    for (const line of traced) expect(line.span_id).toMatch(/^[0-9a-f]{16}$/);
  });
});
