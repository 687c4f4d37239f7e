// Customer data encrypted in Temporal's history: after a real checkout (gateway over HTTP,
// real worker, dev server), the history as the server gives it out (`temporal workflow
// show --output json`, the CLI without the codec) holds neither the customer's email nor
// their name; the same history's payloads decoded through the codec server over HTTP do,
// and so does the CLI pointed at the codec server. A client without the codec cannot read
// the checkout.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { Client } from '@temporalio/client';
import { createCodecServerApp } from '../../src/gateway/codec-server/app';
import { createLogger } from '../../src/logging/logger';
import { loadPayloadCodec } from '../../src/temporal/codec/config';
import { newCodecKeyEntry } from '../../src/temporal/codec/keys';
import { resolveToolchain } from '../../src/temporal/toolchain';
import { checkoutStateQuery, checkoutWorkflowId } from '../../workflows/contract';
import { openCheckout, waitForStatus } from '../gateway/support/checkouts';
import { closeServer, listenEphemeral, startHarness } from '../gateway/support/harness';
import type { Harness } from '../gateway/support/harness';

jest.setTimeout(120_000);

const CODEC_SERVER_KEY = `codec-server-key-${randomBytes(16).toString('hex')}`;
const settings = loadPayloadCodec({ PAYLOAD_CODEC_KEYS: newCodecKeyEntry('test-1', randomBytes) });

let h: Harness;
let codecServer: Server;
let codecUrl: string;

beforeAll(async () => {
  h = await startHarness({ dataConverter: settings.dataConverter });
  codecServer = createServer(
    createCodecServerApp({
      codec: settings.codec as NonNullable<typeof settings.codec>,
      config: { host: '127.0.0.1', port: 0, keys: [CODEC_SERVER_KEY], corsOrigins: [] },
      logger: createLogger({ level: 'silent' }),
    }),
  );
  codecUrl = `${await listenEphemeral(codecServer)}/codec`;
});
afterAll(async () => {
  if (codecServer) await closeServer(codecServer);
  await h?.close();
});

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

/** Every {metadata, data} object anywhere in the CLI's JSON, with where it was. */
function payloadsIn(value: unknown, path = '', found: Array<{ path: string; payload: JsonPayload }> = []) {
  if (Array.isArray(value)) value.forEach((item, index) => payloadsIn(item, `${path}[${index}]`, found));
  else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (typeof record.metadata === 'object' && record.metadata !== null && 'data' in record)
      found.push({ path, payload: record as JsonPayload });
    else for (const [name, item] of Object.entries(record)) payloadsIn(item, `${path}.${name}`, found);
  }
  return found;
}

/**
 * What a codec never sees, by Temporal's design: search attributes (the server indexes
 * them) and the SDK's patch markers. Neither carries customer data (the test checks).
 */
// Written by the SDK itself, never through the codec, and never ours: search attributes,
// a patch marker's id, and a local activity marker's bookkeeping (`data`: its sequence
// number, attempt, activity type and times; the activity's result is in `result`, encoded).
const OUTSIDE_THE_CODEC =
  /\.searchAttributes\.indexedFields\.[A-Za-z]+$|\.details\.patch-data\.payloads\[\d+\]$|\.markerRecordedEventAttributes\.details\.data\.payloads\[\d+\]$/;

const fromBase64 = (text: string | undefined) => Buffer.from(text ?? '', 'base64').toString('utf8');

/** Asynchronous: the codec server the CLI may call runs in this very process. */
async function showHistory(workflowId: string, extra: string[] = []): Promise<string> {
  const { cliPath } = resolveToolchain();
  const { stdout } = await promisify(execFile)(
    cliPath as string,
    ['workflow', 'show', '--address', h.env.address, '--namespace', h.env.namespace ?? 'default'].concat(
      ['--workflow-id', workflowId, '--output', 'json'],
      extra,
    ),
    { encoding: 'utf8', timeout: 30_000, maxBuffer: 16 * 1024 * 1024 },
  );
  return stdout;
}

it('keeps the customer out of the stored history; the codec server and the key holder see them', async () => {
  const marker = randomUUID().slice(0, 8);
  const email = `ada.${marker}@example.com`;
  const lastName = `Lovelace${marker}`;
  const customer = {
    firstName: 'Ada',
    lastName,
    email,
    phone: '5125550100',
    billingAddress: { street1: '1 Main St', city: 'Austin', state: 'TX', zipcode: '73301', country: 'US' },
  };
  const opened = await openCheckout(h, 'wegetfinancing', { customer });
  const approve = await h.sandboxes.control(
    'wegetfinancing',
    `/sessions/${opened.providerReference}/approve`,
  );
  expect(approve.status).toBe(200);
  // Read through the gateway, whose client decrypts the query's answer.
  await waitForStatus(h, opened.checkoutId, 'completed');
  const workflowId = checkoutWorkflowId(opened.checkoutId);

  const raw = await showHistory(workflowId);
  const found = payloadsIn(JSON.parse(raw));
  const payloads = found.map((entry) => entry.payload);
  expect(payloads.length).toBeGreaterThan(3);
  for (const secret of [email, lastName]) {
    expect(raw).not.toContain(secret);
    for (const payload of payloads) expect(fromBase64(payload.data)).not.toContain(secret);
  }
  // Every payload went through the codec, but for those Temporal keeps outside it.
  const plainOnes = found.filter(
    (entry) => fromBase64(entry.payload.metadata?.encoding) !== 'binary/encrypted',
  );
  expect(plainOnes.filter((entry) => !OUTSIDE_THE_CODEC.test(entry.path))).toEqual([]);
  expect(
    found.filter((entry) => fromBase64(entry.payload.metadata?.encoding) === 'binary/encrypted').length,
  ).toBeGreaterThan(3);

  const answer = await fetch(`${codecUrl}/decode`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${CODEC_SERVER_KEY}`,
      'x-namespace': 'default',
    },
    body: JSON.stringify({ payloads }),
  });
  expect(answer.status).toBe(200);
  const decoded = ((await answer.json()) as { payloads: JsonPayload[] }).payloads;
  expect(decoded).toHaveLength(payloads.length);
  const decodedText = decoded.map((payload) => fromBase64(payload.data)).join('\n');
  expect(decodedText).toContain(email);
  expect(decodedText).toContain(lastName);
  // Decoded, nothing is left encrypted.
  expect(decoded.filter((payload) => fromBase64(payload.metadata?.encoding) === 'binary/encrypted')).toEqual(
    [],
  );

  // The CLI itself, given the codec server and its key, shows the customer.
  const throughCodec = await showHistory(workflowId, [
    '--codec-endpoint',
    codecUrl,
    '--codec-auth',
    `Bearer ${CODEC_SERVER_KEY}`,
  ]);
  const shown = payloadsIn(JSON.parse(throughCodec)).map((entry) => fromBase64(entry.payload.data));
  expect(shown.join('\n')).toContain(email);
  expect(shown.join('\n')).toContain(lastName);

  // A client without the codec cannot read the checkout's state.
  const plain = new Client({ connection: h.env.connection, namespace: h.env.namespace });
  await expect(plain.workflow.getHandle(workflowId).query(checkoutStateQuery)).rejects.toThrow(
    /binary\/encrypted/,
  );
});
