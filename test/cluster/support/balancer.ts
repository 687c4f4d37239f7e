// What stands in front of two gateways in production: one public URL (PUBLIC_BASE_URL,
// where providers deliver and browsers return), spread round-robin over the gateways.
// Like a reverse proxy's "next upstream on connect error", a gateway that refuses the
// connection (it is down) is skipped; an answer or an error mid-request goes back to the
// caller as it is (a 502 for a dropped connection), so the providers' own redelivery is
// what recovers from a gateway dying mid-request.
import { createServer, request } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Balancer {
  url: string;
  /** Requests answered by each upstream, by its URL. */
  answeredBy: Map<string, number>;
  close(): Promise<void>;
}

function forward(upstream: URL, req: IncomingMessage, body: Buffer): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      resolve,
    );
    outgoing.once('error', reject);
    outgoing.end(body);
  });
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startBalancer(upstreams: string[]): Promise<Balancer> {
  const targets = upstreams.map((upstream) => new URL(upstream));
  const answeredBy = new Map<string, number>(upstreams.map((upstream) => [upstream, 0]));
  let next = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const first = next++;
    for (let tried = 0; tried < targets.length; tried++) {
      const target = targets[(first + tried) % targets.length] as URL;
      try {
        const answer = await forward(target, req, body);
        answeredBy.set(target.origin, (answeredBy.get(target.origin) ?? 0) + 1);
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        // An upstream that dies mid-answer drops the caller's connection too, as a proxy does.
        answer.once('aborted', () => res.destroy());
        answer.pipe(res);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ECONNREFUSED') continue;
        break;
      }
    }
    res.writeHead(502).end();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.headersSent || res.writeHead(502).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    answeredBy,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
