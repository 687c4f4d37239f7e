// The gateway's read access to the order store, in every topology: its own pg pool with
// DATABASE_URL, or the worker's embedded PGlite over the loopback socket the worker serves
// (ORDER_STORE_SOCKET_PORT). Without either the gateway only knows what Temporal still
// remembers, which after retention is not enough to refuse paying a completed order twice:
// in production it refuses to start.
import { ConfigError } from '../config/env';
import { HttpError } from './errors';
import { openOrderStoreReader, orderStoreOptionsFromEnv } from '../store';
import type { OrderStore } from '../store';

export function openGatewayStore(env: NodeJS.ProcessEnv): OrderStore | undefined {
  const options = orderStoreOptionsFromEnv(env);
  const store = openOrderStoreReader(options);
  if (!store && env.NODE_ENV === 'production') {
    throw new ConfigError(
      'the gateway needs the order store in production (NODE_ENV=production): set DATABASE_URL ' +
        '(PostgreSQL) or ORDER_STORE_SOCKET_PORT (the port the worker serves its embedded store on)',
    );
  }
  return store;
}

/** A read for an answer only the store has (the workflow is gone): unreadable means retry later. */
export async function readForAnswer<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch {
    throw new HttpError(503, 'order_store_unavailable', 'the order store is unavailable, retry later');
  }
}
