import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { closeServer, listenEphemeral } from '../../gateway/support/harness';
import { send } from '../../gateway/support/http';
import { RetryLater } from './retry-later';

/** A loopback server answering the given statuses in turn (the last one from then on). */
async function answering(statuses: number[]): Promise<{ url: string; server: Server; hits: () => number }> {
  let hits = 0;
  const server = createServer((_request, response) => {
    const status = statuses[Math.min(hits, statuses.length - 1)] as number;
    hits += 1;
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ status }));
  });
  return { url: await listenEphemeral(server), server, hits: () => hits };
}

describe('RetryLater', () => {
  it('repeats after a 503 and counts it; a resumed answer counts as success only on a retry', async () => {
    const peer = await answering([503, 200]);
    const retries = new RetryLater();
    try {
      const answer = await retries.answer('POST /checkouts', [201], () => send(peer.url), [200]);
      expect(answer.status).toBe(200);
      expect(retries.retried).toBe(1);
      expect(peer.hits()).toBe(2);
      // A first answer of 200 is not what was asked for.
      await expect(retries.answer('POST /checkouts', [201], () => send(peer.url), [200])).rejects.toThrow(
        'POST /checkouts answered 200',
      );
    } finally {
      await closeServer(peer.server);
    }
  });

  it('fails on any other status at once, and on 503s after four attempts', async () => {
    const refusing = await answering([400]);
    const busy = await answering([503]);
    const retries = new RetryLater();
    try {
      await expect(retries.answer('postback', [200], () => send(refusing.url))).rejects.toThrow(
        'postback answered 400',
      );
      expect(refusing.hits()).toBe(1);
      await expect(retries.answer('postback', [200], () => send(busy.url))).rejects.toThrow(
        'postback answered 503',
      );
      expect(busy.hits()).toBe(4);
      expect(retries.retried).toBe(3);
    } finally {
      await closeServer(refusing.server);
      await closeServer(busy.server);
    }
  }, 20_000);
});
