import { loadWorkerConfig } from '../../src/worker/config';
import { PROVIDER_IDS } from '../../workflows/domain';

const DEFAULT_LIMIT = { perSecond: 10, maxConcurrent: 10 };

describe('worker configuration', () => {
  it('has a default for everything, and blank values count as unset', () => {
    const host = () => ({ mib: 24_000, source: 'host memory' });
    expect(loadWorkerConfig({ TEMPORAL_ADDRESS: '', LOG_LEVEL: ' ' }, host)).toEqual({
      temporal: { address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'checkouts' },
      maxConcurrentActivities: 50,
      workflowCache: {
        maxCachedWorkflows: 800,
        budgetMiB: 900,
        source: 'default budget for the embedded order store (host memory: 24000 MiB)',
      },
      providerLimits: Object.fromEntries(PROVIDER_IDS.map((id) => [id, DEFAULT_LIMIT])),
      logLevel: 'info',
      metrics: { host: '127.0.0.1', port: 9465 },
    });
  });

  it('reads per-provider rate limits and the per-provider slots', () => {
    const { providerLimits } = loadWorkerConfig({
      PROVIDER_RATE_LIMITS: 'wipay=2, affirm=0.5',
      PROVIDER_MAX_CONCURRENT_ACTIVITIES: '4',
    });
    expect(providerLimits.wipay).toEqual({ perSecond: 2, maxConcurrent: 4 });
    expect(providerLimits.affirm).toEqual({ perSecond: 0.5, maxConcurrent: 4 });
    expect(providerLimits.iwocapay).toEqual({ perSecond: 10, maxConcurrent: 4 });
  });

  it.each(['wipay', 'wipay=0', 'paypal=3', 'wipay=fast', 'wipay=-1'])(
    'refuses PROVIDER_RATE_LIMITS=%s, naming the variable',
    (value) => {
      expect(() => loadWorkerConfig({ PROVIDER_RATE_LIMITS: value })).toThrow(/PROVIDER_RATE_LIMITS/);
    },
  );

  it('names the variable that is wrong', () => {
    expect(() => loadWorkerConfig({ WORKER_MAX_CONCURRENT_ACTIVITIES: 'many' })).toThrow(
      /WORKER_MAX_CONCURRENT_ACTIVITIES/,
    );
    expect(() => loadWorkerConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadWorkerConfig({ WORKER_METRICS_PORT: '65536' })).toThrow(/WORKER_METRICS_PORT/);
    expect(() => loadWorkerConfig({ WORKER_METRICS_HOST: 'a b' })).toThrow(/WORKER_METRICS_HOST/);
  });
});
