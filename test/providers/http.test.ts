// callProvider against a real loopback server: a 2xx whose body cannot be read means the
// provider accepted the request, so it is a permanent error and the call is sent once.
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { createProviderActivities } from '../../activities/provider-calls';
import { ProviderError, UnreadableSuccessError } from '../../src/providers/errors';
import { callProvider } from '../../src/providers/http';
import { createProviderRegistry } from '../../src/providers/registry';
import { createWeGetFinancingAdapter } from '../../src/providers/wegetfinancing';
import { PERMANENT_PROVIDER_ERROR } from '../../workflows/failures';
import { wgfSessionInput } from './support/wegetfinancing-input';

const SECRET_LOOKING_BODY = 'customer=ada@example.com;card=4111111111111111';

/** What the server does with one request; it counts every request it sees. */
type Answer = (res: http.ServerResponse) => void;

interface CountingServer {
  url: string;
  requests: number;
  answer: Answer;
  close(): Promise<void>;
}

async function countingServer(): Promise<CountingServer> {
  const state: CountingServer = {
    url: '',
    requests: 0,
    answer: (res) => res.end(),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    state.requests += 1;
    req.resume();
    req.on('end', () => state.answer(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

const answers: Record<string, Answer> = {
  'text that is not JSON': (res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end(SECRET_LOOKING_BODY),
  'JSON of the wrong shape': (res) =>
    res
      .writeHead(201, { 'content-type': 'application/json' })
      .end(JSON.stringify({ note: SECRET_LOOKING_BODY })),
  'an empty body': (res) => res.writeHead(200).end(),
  'a body cut off mid-way': (res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
    res.write(`{"inv_id":"${SECRET_LOOKING_BODY}`);
    // Flushed, then the connection dies before the promised 500 bytes arrive.
    setTimeout(() => res.destroy(), 20);
  },
};

const sessionSchema = z.object({ id: z.string() });

let server: CountingServer;
beforeAll(async () => {
  server = await countingServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests = 0;
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

describe('callProvider with a 2xx it cannot read', () => {
  it.each(Object.keys(answers))('answering %s is one request and a permanent error', async (name) => {
    server.answer = answers[name] as Answer;
    const error = await rejection(
      callProvider({
        provider: 'ecomtrade24',
        method: 'POST',
        url: `${server.url}/gateway/session.php`,
        body: { json: { amount: '49.95' } },
        schema: sessionSchema,
      }),
    );
    expect(error).toBeInstanceOf(UnreadableSuccessError);
    const unreadable = error as UnreadableSuccessError;
    expect(unreadable.transient).toBe(false);
    expect(unreadable.message).toMatch(
      /^ecomtrade24: POST \/gateway\/session\.php answered 20[01]: the provider accepted the request but its answer could not be read, so the session may exist at the provider/,
    );
    expect(unreadable.message).not.toContain('ada@example.com');
    expect(unreadable.message).not.toContain('4111');
    expect(server.requests).toBe(1);
  });

  it.each([
    ['a read', 'GET', {}],
    ['a call with an idempotency key', 'POST', { 'Idempotency-Key': 'chk-1-authorize-1' }],
  ] as const)('keeps %s retryable: sending it again changes nothing', async (_what, method, headers) => {
    server.answer = answers['text that is not JSON'] as Answer;
    const error = await rejection(
      callProvider({ provider: 'affirm', method, url: `${server.url}/t`, headers, schema: sessionSchema }),
    );
    expect(error).toBeInstanceOf(UnreadableSuccessError);
    expect((error as UnreadableSuccessError).transient).toBe(true);
    expect((error as UnreadableSuccessError).message).toContain(
      'its answer could not be read; the call is safe to repeat',
    );
    expect(server.requests).toBe(1);
  });

  it('still treats a cut-off error answer as transient', async () => {
    server.answer = (res) => {
      res.writeHead(503, { 'content-length': '100' });
      res.write('{"err');
      setTimeout(() => res.destroy(), 20);
    };
    const error = await rejection(
      callProvider({ provider: 'ecomtrade24', method: 'GET', url: `${server.url}/x`, schema: sessionSchema }),
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).not.toBeInstanceOf(UnreadableSuccessError);
    expect((error as ProviderError).transient).toBe(true);
  });
});

describe('createProviderSession activity with an unreadable create answer', () => {
  it('fails non-retryably, so Temporal does not send the create again', async () => {
    server.answer = answers['JSON of the wrong shape'] as Answer;
    const adapter = createWeGetFinancingAdapter({
      apiUrl: server.url,
      merchantId: 'm-1',
      username: 'wgf-user',
      password: 'wgf-password-value',
      signatureToleranceSeconds: 300,
    });
    const activities = createProviderActivities(createProviderRegistry({ wegetfinancing: adapter }));
    const failure = await rejection(
      activities.createProviderSession({ provider: 'wegetfinancing', session: wgfSessionInput() }),
    );
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ nonRetryable: true, type: PERMANENT_PROVIDER_ERROR });
    expect((failure as ApplicationFailure).message).toContain('its answer could not be read');
    expect((failure as ApplicationFailure).message).not.toContain('wgf-password-value');
    expect(server.requests).toBe(1);
  });
});
