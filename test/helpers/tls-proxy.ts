// A TLS front for a plaintext Temporal frontend, on loopback: the CLI dev server speaks
// only h2c, so tests of TLS and mTLS settings put this in front of it, the way a load
// balancer or Temporal Cloud's endpoint terminates TLS. Certificates are made per test
// run with openssl: a CA, a server certificate for localhost/127.0.0.1, a client one.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:tls';
import type { TLSSocket } from 'node:tls';

export interface TestCertificates {
  dir: string;
  caCertPath: string;
  serverCertPath: string;
  serverKeyPath: string;
  clientCertPath: string;
  clientKeyPath: string;
  remove(): void;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

/** Signs `name`.crt with the CA; `extension` holds its subjectAltName / usage lines. */
function issue(dir: string, name: string, subject: string, extension: string): void {
  openssl(dir, [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-subj',
    subject,
    '-out',
    `${name}.csr`,
  ]);
  writeFileSync(join(dir, `${name}.ext`), extension);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    `${name}.ext`,
    '-out',
    `${name}.crt`,
  ]);
}

export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'tls-proxy-'));
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '1',
    '-subj',
    '/CN=test-ca',
  ]);
  issue(
    dir,
    'server',
    '/CN=localhost',
    'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n',
  );
  issue(dir, 'client', '/CN=checkout-worker', 'extendedKeyUsage=clientAuth\n');
  return {
    dir,
    caCertPath: join(dir, 'ca.crt'),
    serverCertPath: join(dir, 'server.crt'),
    serverKeyPath: join(dir, 'server.key'),
    clientCertPath: join(dir, 'client.crt'),
    clientKeyPath: join(dir, 'client.key'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface TlsProxy {
  address: string;
  /** Handshakes refused (e.g. no client certificate when one is required). */
  refused: number;
  close(): Promise<void>;
}

export async function startTlsProxy(
  target: string,
  certs: TestCertificates,
  options: { requireClientCertificate: boolean },
): Promise<TlsProxy> {
  const [host, port] = [
    target.slice(0, target.lastIndexOf(':')),
    Number(target.slice(target.lastIndexOf(':') + 1)),
  ];
  const sockets = new Set<TLSSocket>();
  const server = createServer(
    {
      key: readFileSync(certs.serverKeyPath),
      cert: readFileSync(certs.serverCertPath),
      ca: readFileSync(certs.caCertPath),
      requestCert: options.requireClientCertificate,
      rejectUnauthorized: options.requireClientCertificate,
      // gRPC clients insist on HTTP/2 being negotiated.
      ALPNProtocols: ['h2'],
    },
    (socket) => {
      sockets.add(socket);
      const upstream = connect(port, host);
      socket.pipe(upstream).pipe(socket);
      const end = () => {
        sockets.delete(socket);
        socket.destroy();
        upstream.destroy();
      };
      socket.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
    },
  );
  const proxy: TlsProxy = {
    address: '',
    refused: 0,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  server.on('tlsClientError', () => (proxy.refused += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
