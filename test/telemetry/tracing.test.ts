// Traces as an operator with a collector meets them: OTEL_EXPORTER_OTLP_ENDPOINT points
// at a real OTLP/HTTP receiver on loopback; a checkout started over real HTTP against
// the real gateway on the dev server leaves spans of the gateway's request, its Temporal
// call, the workflow and its activities, all in the caller's trace, and the log lines of
// the gateway's request and of the worker's activities carry the trace id. Unset, nothing
// is traced.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { PassThrough } from 'node:stream';
import express from 'express';
import { createLogger } from '../../src/logging/logger';
import type * as TemporalTracingModule from '../../src/telemetry/temporal-tracing';
import type { Tracing } from '../../src/telemetry/tracing';
import { startTracing, tracingRequested } from '../../src/telemetry/tracing';
import type * as RuntimeModule from '../../src/worker/runtime';
import type * as ActivityModule from '@temporalio/activity';
import type { ProviderRegistry } from '../../src/providers/registry';
import { freePort } from '../helpers/free-port';
import type * as HarnessModule from '../gateway/support/harness';
import type { Harness } from '../gateway/support/harness';
import { API_KEY, closeServer, listenEphemeral } from '../gateway/support/harness';
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

/** Activity code that logs, as any activity may: its line is written inside the activity's span. */
function loggingSessionCalls(real: ProviderRegistry, log: typeof ActivityModule.log): ProviderRegistry {
  return {
    ...real,
    get(id) {
      const adapter = real.get(id);
      const createSession = adapter.createSession.bind(adapter);
      return {
        ...adapter,
        createSession: (input) => {
          log.info('opening the provider session');
          return createSession(input);
        },
      } as typeof adapter;
    },
  };
}

let h: Harness;
let tracing: Tracing | undefined;
const workerLines: string[] = [];

beforeAll(async () => {
  const collectorUrl = await listenEphemeral(collectorServer);
  const env = { OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' };
  // The exporter reads its endpoint from the process environment, as in the real processes.
  Object.assign(process.env, env);
  tracing = startTracing(process.env, 'checkout-test');
  const destination = new PassThrough();
  destination.on('data', (chunk: Buffer) =>
    workerLines.push(...chunk.toString().split('\n').filter(Boolean)),
  );
  // The worker's runtime (its logger) is process-wide and jest's setup installed a quiet
  // one: this file installs the worker's in a module registry of its own.
  await jest.isolateModulesAsync(async () => {
    const runtime = (await import('../../src/worker/runtime')) as typeof RuntimeModule;
    runtime.installWorkerRuntime({
      logger: createLogger({ level: 'debug', name: 'checkout-worker', destination }),
      logLevel: 'debug',
      metrics: { host: '127.0.0.1', port: await freePort() },
    });
    const temporal = (await import('../../src/telemetry/temporal-tracing')) as typeof TemporalTracingModule;
    const harness = (await import('../gateway/support/harness')) as typeof HarnessModule;
    const { log } = (await import('@temporalio/activity')) as typeof ActivityModule;
    h = await harness.startHarness({
      wrapProviders: (real) => loggingSessionCalls(real, log),
      workerPlugins: temporal.tracingWorkerPlugins(tracing),
      clientInterceptors: temporal.tracingClientInterceptors(tracing),
    });
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

    // What the checkout's activity logged carries the same trace id. (The SDK's own
    // "Activity started/completed" lines are written outside the span: workflowId instead.)
    const activityLine = await eventually(
      () =>
        Promise.resolve(
          workerLines
            .map((line) => record(JSON.parse(line)))
            .find((line) => line.msg === 'opening the provider session'),
        ),
      10_000,
      'the activity line',
    );
    expect(activityLine).toMatchObject({
      name: 'checkout-worker',
      activityType: 'createProviderSession',
      trace_id: traceId,
      span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
  });
});
