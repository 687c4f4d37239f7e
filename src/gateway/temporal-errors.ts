// Which client errors mean "Temporal cannot be reached right now". Those become 503, so a
// provider delivers the webhook again and the backend retries; every other failure is
// a real answer (not found, rejected) or a bug.
import {
  ServiceError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  isGrpcServiceError,
} from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { ConnectionLike } from '@temporalio/client';

/** gRPC status codes (grpc-js `status`), named here to avoid a direct grpc dependency. */
const GRPC_CANCELLED = 1;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_RESOURCE_EXHAUSTED = 8;
const GRPC_UNAVAILABLE = 14;
const RETRY_LATER_CODES = new Set([
  GRPC_CANCELLED,
  GRPC_DEADLINE_EXCEEDED,
  GRPC_RESOURCE_EXHAUSTED,
  GRPC_UNAVAILABLE,
]);

function grpcCode(err: unknown): number | undefined {
  return isGrpcServiceError(err) ? err.code : undefined;
}

export function isTemporalUnavailable(err: unknown): boolean {
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const direct = grpcCode(err);
  if (direct !== undefined) return RETRY_LATER_CODES.has(direct);
  if (err instanceof ServiceError) {
    const causeCode = grpcCode(err.cause);
    // A ServiceError without a gRPC cause is the client failing to connect at all.
    return causeCode === undefined || RETRY_LATER_CODES.has(causeCode);
  }
  return false;
}

export function isWorkflowNotFound(err: unknown): boolean {
  return err instanceof WorkflowNotFoundError;
}

/** Default bound for one short call (signal, query, describe, start); the SDK's own retries stay inside it. */
export const SHORT_RPC_TIMEOUT_MS = 5_000;

/**
 * Runs Temporal calls with a deadline. Without one, the SDK retries an unreachable server
 * for about 20 s, longer than providers wait for a webhook answer.
 */
export function withDeadline<T>(
  connection: ConnectionLike,
  timeoutMs: number,
  call: () => Promise<T>,
): Promise<T> {
  return connection.withDeadline(Date.now() + timeoutMs, call);
}
