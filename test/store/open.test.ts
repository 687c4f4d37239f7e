// openOrderStore's choices that need no database: configuration and failed start-up.
import { DEFAULT_DATA_DIR, openOrderStore, orderStoreOptionsFromEnv } from '../../src/store';

describe('openOrderStore configuration', () => {
  it('uses DATABASE_URL when set and the embedded store otherwise', () => {
    expect(orderStoreOptionsFromEnv({ DATABASE_URL: 'postgres://db/orders' })).toEqual({
      databaseUrl: 'postgres://db/orders',
      dataDir: undefined,
      production: false,
    });
    expect(orderStoreOptionsFromEnv({ DATABASE_URL: '', ORDER_STORE_DATA_DIR: '/var/lib/orders' })).toEqual({
      databaseUrl: undefined,
      dataDir: '/var/lib/orders',
      production: false,
    });
    expect(orderStoreOptionsFromEnv({ NODE_ENV: 'production' }).production).toBe(true);
    expect(DEFAULT_DATA_DIR).toBe('./data/orders');
  });

  it('fails start-up when the server cannot be reached', async () => {
    // Port 1 on loopback: nothing listens there, so the first migration's connect fails.
    await expect(openOrderStore({ databaseUrl: 'postgres://postgres@127.0.0.1:1/orders' })).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });
});
