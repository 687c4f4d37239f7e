// `npm start` checks the worker's and the gateway's configuration before it starts
// anything, with the very loaders those processes run, so a bad or incomplete provider
// setting stops the stack at once with the variable's name instead of a process that
// fails, is restarted and fails again. Messages name variables, never values.
import { loadGatewayConfig, loadMerchantWebhookConfig } from '../config/env';
import { ConfigError } from '../config/env';
import { loadProviders } from '../config/providers';
import { loadCodecServerConfig } from '../gateway/codec-server/config';
import { loadPayloadCodec } from '../temporal/codec/config';
import { loadWorkerConfig } from '../worker/config';

/** Throws one ConfigError listing every problem of the processes' environment. */
export function checkProcessConfig(env: NodeJS.ProcessEnv): void {
  const problems: string[] = [];
  for (const load of [
    loadGatewayConfig,
    loadWorkerConfig,
    loadProviders,
    loadPayloadCodec,
    loadCodecServerConfig,
    loadMerchantWebhookConfig,
  ]) {
    try {
      load(env);
    } catch (err) {
      problems.push(err instanceof Error ? err.message : 'invalid configuration');
    }
  }
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));
}
