// The embedded store's folder belongs to one process: PGlite is a single-user
// PostgreSQL, and two workers writing one folder would corrupt it. The owner holds
// `<folder>.lock` (beside the folder, not in PGlite's own files) with its pid; a second
// opener finds it and refuses, naming the holder. A lock whose pid is no longer alive
// is left over from a crash (SIGKILL, power loss) and is taken over.
import { randomUUID } from 'node:crypto';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { z } from 'zod';

export class StoreFolderLockedError extends Error {
  constructor(
    readonly lockPath: string,
    readonly holderPid: number | undefined,
  ) {
    const holder =
      holderPid === undefined ? 'another worker process' : `another worker process (pid ${holderPid})`;
    super(
      `the embedded order store is held by ${holder}, lock file ${lockPath}: ` +
        'stop that worker, or set DATABASE_URL so that several workers share one PostgreSQL store',
    );
    this.name = 'StoreFolderLockedError';
  }
}

export interface FolderLock {
  readonly path: string;
  /** Removes the lock file if it is still ours; a second release is a no-op. */
  release(): Promise<void>;
}

const lockFileSchema = z.object({ pid: z.number().int().positive(), token: z.string().min(1) });

export function lockPathFor(dataDir: string): string {
  const folder = resolve(dataDir);
  return join(dirname(folder), `${basename(folder)}.lock`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(path: string): Promise<z.infer<typeof lockFileSchema> | undefined> {
  try {
    const parsed = lockFileSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // gone meanwhile, or not ours to read: treated as no live holder
  }
}

/**
 * Written whole to a file of our own, then hard-linked into place: the link fails if a
 * lock exists, and no one can ever read a half-written lock (and take it for stale).
 */
async function createExclusive(path: string, content: string, token: string): Promise<boolean> {
  const draft = `${path}.${token}`;
  await writeFile(draft, content, { flag: 'wx' });
  try {
    await link(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(draft).catch(() => undefined);
  }
}

/** Takes the folder's lock or throws StoreFolderLockedError; the folder's parent must exist. */
export async function lockStoreFolder(dataDir: string): Promise<FolderLock> {
  const path = lockPathFor(dataDir);
  const token = randomUUID();
  const content = JSON.stringify({ pid: process.pid, token });
  // Two tries: the second follows the removal of a lock left by a dead process.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (await createExclusive(path, content, token)) {
      let released = false;
      return {
        path,
        async release() {
          if (released) return;
          released = true;
          if ((await readHolder(path))?.token === token) await unlink(path).catch(() => undefined);
        },
      };
    }
    const holder = await readHolder(path);
    // Same pid counts as held too: this process opened the folder already.
    if (holder && isAlive(holder.pid)) throw new StoreFolderLockedError(path, holder.pid);
    await unlink(path).catch(() => undefined);
  }
  // Another opener took the stale lock between our two tries.
  throw new StoreFolderLockedError(path, (await readHolder(path))?.pid);
}
