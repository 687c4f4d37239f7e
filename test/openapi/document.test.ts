// The OpenAPI document is valid OpenAPI 3.1, lists exactly the routes the app serves
// (walked from express's own router stack), names every error code the gateway can
// answer with, and is served at /openapi.json with a reference page at /docs that loads
// nothing from elsewhere.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Client, Connection } from '@temporalio/client';
import type express from 'express';
import { loadProviders } from '../../src/config/providers';
import { createApp } from '../../src/gateway/app';
import { openApiDocument } from '../../src/gateway/openapi/document';
import { createMetrics } from '../../src/metrics/metrics';
import { API_KEY, captureLogger, closeServer, listenEphemeral } from '../gateway/support/harness';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  name?: string;
  handle?: { stack?: Layer[] };
}

/** Every (method, path) express would route, in OpenAPI's path syntax. */
export function appRoutes(app: express.Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on) found.push(`${method.toUpperCase()} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`);
        }
      } else if (layer.name === 'router' && layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { _router: { stack: Layer[] } })._router.stack);
  return [...new Set(found)].sort();
}

function documentRoutes(): string[] {
  const routes: string[] = [];
  for (const [route, item] of Object.entries(openApiDocument().paths ?? {})) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      if (item[method]) routes.push(`${method.toUpperCase()} ${route}`);
    }
  }
  return routes.sort();
}

/** Served by swagger-ui-express's middleware (app.use), which the router stack lists as no route. */
const MIDDLEWARE_ROUTES = ['GET /docs'];

function buildApp(): express.Express {
  // A lazy connection never dials: building the app and walking its routes needs no server.
  const client = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  return createApp({
    client,
    config: { apiKeys: [API_KEY], publicBaseUrl: 'http://127.0.0.1:1', webhookBodyLimitBytes: 1024 },
    providers: loadProviders({}).registry,
    logger: captureLogger([]),
    metrics: createMetrics({ collectDefaults: false }),
    taskQueue: 'unused',
  });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sourceFiles(file) : file.endsWith('.ts') ? [file] : [];
  });
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    const document = structuredClone(openApiDocument());
    expect(document.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(document as never)).resolves.toBeDefined();
  });

  it('lists every route of the app, and no route the app does not serve', () => {
    const served = appRoutes(buildApp());
    expect(served).toContain('GET /checkouts');
    expect(served).toContain('POST /webhooks/affirm/confirm');
    expect(documentRoutes()).toEqual([...served, ...MIDDLEWARE_ROUTES].sort());
  });

  it('names every error code the gateway answers with', () => {
    const documented = new Set<string>();
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') {
        const record = value as Record<string, unknown>;
        const code = (record.properties as Record<string, { enum?: string[] }> | undefined)?.code;
        code?.enum?.forEach((c) => documented.add(c));
        Object.values(record).forEach(collect);
      }
    };
    collect(openApiDocument().paths);
    const codes = new Set<string>();
    // The codec server is its own listener with Temporal's protocol, not part of this API.
    const codecServer = path.join(__dirname, '../../src/gateway/codec-server');
    for (const file of sourceFiles(path.join(__dirname, '../../src/gateway'))) {
      if (file.startsWith(codecServer)) continue;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/new HttpError\(\s*\d{3},\s*'([a-z_]+)'/g)) codes.add(m[1] as string);
      for (const m of text.matchAll(/status: \d{3}, code: '([a-z_]+)'/g)) codes.add(m[1] as string);
    }
    // Only ever the answer to a path no route serves.
    codes.delete('not_found');
    expect(codes.size).toBeGreaterThan(20);
    expect([...codes].filter((code) => !documented.has(code)).sort()).toEqual([]);
  });

  it('describes every merchant event type in its webhooks section, with the checkout as data', () => {
    const webhooks = openApiDocument().webhooks ?? {};
    expect(Object.keys(webhooks)).toEqual(
      expect.arrayContaining(['checkout.completed', 'payment.refunded', 'payment.authorizationExpiring']),
    );
    const completed = JSON.stringify(webhooks['checkout.completed']);
    expect(completed).toContain('webhook-signature');
    expect(completed).toContain('#/components/schemas/MerchantEventData');
  });
});

describe('GET /openapi.json and GET /docs', () => {
  const server = createServer(buildApp());
  let url = '';
  beforeAll(async () => {
    url = await listenEphemeral(server);
  });
  afterAll(() => closeServer(server));

  it('serves the document over HTTP', async () => {
    const response = await fetch(`${url}/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it('serves a reference page whose scripts and styles all come from this gateway', async () => {
    const page = await fetch(`${url}/docs/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('swagger-ui');
    const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    expect(references.length).toBeGreaterThan(2);
    for (const reference of references) {
      expect(reference).not.toMatch(/^(https?:)?\/\//);
      const asset = await fetch(new URL(reference, `${url}/docs/`));
      expect([reference, asset.status]).toEqual([reference, 200]);
    }
    const init = await fetch(`${url}/docs/swagger-ui-init.js`);
    expect(await init.text()).toContain('/checkouts/{checkoutId}/cancel');
  });
});
