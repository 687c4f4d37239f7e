// The SDK logs every worker state change at INFO; test output keeps warnings only.
import { DefaultLogger, Runtime } from '@temporalio/worker';

try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Jest reuses its worker processes across test files; the runtime is process-wide
  // and can be installed once, which an earlier file already did.
}
