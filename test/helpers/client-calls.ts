// Keeps track of every call the test environment's client connection makes, so teardown can
// end them before it closes the connection.
//
// Why: closing a @grpc/grpc-js channel lets calls on it run on, and killing the server then
// answers them UNAVAILABLE, which the client's retry interceptor (@temporalio/client
// grpc-retry.ts) retries on a timer. That retry runs on the closed channel and throws
// "Channel has been shut down" from the timer, outside any test: jest fails whichever file
// is running then, as "Test suite failed to run". A call left waiting (a result() long poll
// nobody awaits any more, a poll loop that lost a race) is enough.
import type { ConnectionOptions, ConnectionPlugin } from '@temporalio/client';
import { defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';

type Interceptor = NonNullable<ConnectionOptions['interceptors']>[number];
/** What an interceptor returns (grpc-js types it as its InterceptingCall class; any call works). */
type Call = ReturnType<Interceptor>;

/** grpc.status.CANCELLED: the retry interceptor does not retry it. */
const CANCELLED = 1;
/** Longer than the retry interceptor's longest backoff (5 s), after which a retry is cancelled. */
const DRAIN_TIMEOUT_MS = 10_000;

export interface ClientCalls {
  /** Add to the environment's plugins: its connection's calls are then tracked. */
  plugin: ConnectionPlugin;
  /** Cancels the calls still running, and waits until every one has ended. */
  end(): Promise<void>;
}

/** Calls in `calls` from start to final status; with `cancelAtStart` set, they are cancelled at once. */
function tracking(calls: Map<Call, string>, cancelAtStart: () => boolean): Interceptor {
  return (options, nextCall) => {
    const call = nextCall(options) as Call;
    const start = call.start.bind(call);
    call.start = (metadata, listener) => {
      calls.set(call, options.method_definition.path);
      start(metadata, {
        onReceiveMetadata: (received) => listener?.onReceiveMetadata?.(received),
        onReceiveMessage: (message: unknown) => listener?.onReceiveMessage?.(message),
        onReceiveStatus: (status) => {
          calls.delete(call);
          listener?.onReceiveStatus?.(status);
        },
      });
      if (cancelAtStart()) call.cancelWithStatus(CANCELLED, 'the test environment is being torn down');
    };
    return call;
  };
}

export function trackClientCalls(): ClientCalls {
  /** Each call as the client made it, retries included: it ends with its final status. */
  const logical = new Map<Call, string>();
  /** Each attempt on the wire, below the retry interceptor. */
  const attempts = new Map<Call, string>();
  let ending = false;
  return {
    plugin: {
      name: 'test-client-calls',
      configureConnection: (options) => ({
        ...options,
        interceptors: [
          tracking(logical, () => false),
          ...(options.interceptors ?? [makeGrpcRetryInterceptor(defaultGrpcRetryOptions())]),
          // A retry that comes after the end began is cancelled as it starts.
          tracking(attempts, () => ending),
        ],
      }),
    },
    async end() {
      ending = true;
      for (const call of attempts.keys())
        call.cancelWithStatus(CANCELLED, 'the test environment is being torn down');
      const deadline = Date.now() + DRAIN_TIMEOUT_MS;
      while (logical.size > 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      if (logical.size > 0)
        console.warn(
          `Temporal client calls that did not end before teardown: ${[...logical.values()].join(', ')}`,
        );
    },
  };
}
