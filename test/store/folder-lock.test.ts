// The embedded store's folder has one owner: a second open of the same folder is refused
// and names the holder, and production refuses the embedded store altogether. (Two real
// worker processes: test/e2e/embedded-store-owner.test.ts.)
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EmbeddedStoreInProductionError,
  StoreFolderLockedError,
  openOrderStore,
  orderStoreOptionsFromEnv,
} from '../../src/store';
import { newCheckout } from './fixtures';

jest.setTimeout(120_000);

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'order-store-lock-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

it('refuses a second open of the same folder, naming the holder, until the first closes', async () => {
  const dataDir = join(root, 'shared', 'orders');
  const first = await openOrderStore({ dataDir });
  try {
    const second = openOrderStore({ dataDir });
    await expect(second).rejects.toBeInstanceOf(StoreFolderLockedError);
    await expect(second).rejects.toThrow(`pid ${process.pid}`);
    await expect(second).rejects.toThrow('DATABASE_URL');
    // The refused open changed nothing: the owner still writes.
    await expect(first.completeOrder(newCheckout({ amount: '5.00' }))).resolves.toBeDefined();
  } finally {
    await first.close();
  }
  const again = await openOrderStore({ dataDir });
  await again.close();
});

it('lets two different folders open side by side', async () => {
  const a = await openOrderStore({ dataDir: join(root, 'a') });
  const b = await openOrderStore({ dataDir: join(root, 'b') });
  await Promise.all([a.close(), b.close()]);
});

it('refuses the embedded store in production, before touching the folder', async () => {
  const dataDir = join(root, 'production', 'orders');
  const options = orderStoreOptionsFromEnv({ NODE_ENV: 'production', ORDER_STORE_DATA_DIR: dataDir });
  await expect(openOrderStore(options)).rejects.toBeInstanceOf(EmbeddedStoreInProductionError);
  await expect(openOrderStore(options)).rejects.toThrow('DATABASE_URL is required with NODE_ENV=production');
  expect(existsSync(join(root, 'production'))).toBe(false);
});
