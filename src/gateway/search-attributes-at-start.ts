// The gateway's search-attribute check. It connects lazily so that it comes up while
// Temporal is down (/readyz says when it is back): when Temporal answers at start, a
// namespace without the attributes stops the start; when it does not, the check runs in
// the background until it can, and a missing attribute then stops the process.
import type { Connection } from '@temporalio/client';
import type { Logger } from '../logging/logger';
import { MissingSearchAttributesError, assertSearchAttributes } from '../temporal/search-attribute-check';
import { isTemporalUnavailable } from './temporal-errors';

const RETRY_MS = 5_000;
/** A lazy connection to a server that is down would otherwise wait as long as the call may. */
const CHECK_DEADLINE_MS = 5_000;

export async function checkSearchAttributesOnceReachable(
  connection: Connection,
  namespace: string,
  logger: Logger,
  onMissingLater: (err: MissingSearchAttributesError) => void = (err) => {
    logger.fatal({ err }, 'gateway stopped');
    process.exit(1);
  },
): Promise<void> {
  const check = () =>
    connection.withDeadline(Date.now() + CHECK_DEADLINE_MS, () =>
      assertSearchAttributes(connection, namespace, (reason) => logger.warn(reason)),
    );
  try {
    await check();
    return;
  } catch (err) {
    if (!isTemporalUnavailable(err)) throw err;
  }
  logger.warn('Temporal is not reachable yet: the search attributes are checked once it is');
  const retry = (): void => {
    const timer = setTimeout(() => {
      check().catch((err: unknown) => {
        if (err instanceof MissingSearchAttributesError) return onMissingLater(err);
        if (isTemporalUnavailable(err)) return retry();
        logger.warn({ err }, 'the search-attribute check failed; it is not repeated');
      });
    }, RETRY_MS);
    timer.unref();
  };
  retry();
}
