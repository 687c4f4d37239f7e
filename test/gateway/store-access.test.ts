// Which order store the gateway reads, from its environment, and the refusal to run in
// production without one (after retention, Temporal alone cannot tell a paid order).
import { openGatewayStore } from '../../src/gateway/order-store-access';

describe('the gateway order store access', () => {
  it('refuses to start in production without DATABASE_URL or ORDER_STORE_SOCKET_PORT, naming both', () => {
    expect(() => openGatewayStore({ NODE_ENV: 'production' })).toThrow(
      /order store in production.*DATABASE_URL.*ORDER_STORE_SOCKET_PORT/,
    );
  });

  it('runs without a store outside production (tests, a bare dev gateway)', () => {
    expect(openGatewayStore({ NODE_ENV: 'development' })).toBeUndefined();
  });

  it('reads PostgreSQL with DATABASE_URL, and the worker socket with ORDER_STORE_SOCKET_PORT', async () => {
    const pg = openGatewayStore({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@127.0.0.1:1/orders' });
    const socket = openGatewayStore({ NODE_ENV: 'production', ORDER_STORE_SOCKET_PORT: '15432' });
    expect(pg?.kind).toBe('pg');
    expect(socket?.kind).toBe('pg');
    await pg?.close();
    await socket?.close();
  });

  it('refuses an ORDER_STORE_SOCKET_PORT that is not a port, without echoing it', () => {
    expect(() => openGatewayStore({ ORDER_STORE_SOCKET_PORT: 'secret-ish' })).toThrow(
      /ORDER_STORE_SOCKET_PORT must be a port number/,
    );
    expect(() => openGatewayStore({ ORDER_STORE_SOCKET_PORT: 'secret-ish' })).not.toThrow(/secret-ish/);
  });
});
