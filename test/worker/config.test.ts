import { loadWorkerConfig } from '../../src/worker/config';

describe('worker configuration', () => {
  it('has a default for everything, and blank values count as unset', () => {
    expect(loadWorkerConfig({ TEMPORAL_ADDRESS: '', LOG_LEVEL: ' ' })).toEqual({
      temporal: { address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'checkouts' },
      maxConcurrentActivities: 50,
      logLevel: 'info',
      metrics: { host: '127.0.0.1', port: 9465 },
    });
  });

  it('names the variable that is wrong', () => {
    expect(() => loadWorkerConfig({ WORKER_MAX_CONCURRENT_ACTIVITIES: 'many' })).toThrow(
      /WORKER_MAX_CONCURRENT_ACTIVITIES/,
    );
    expect(() => loadWorkerConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadWorkerConfig({ WORKER_METRICS_PORT: '65536' })).toThrow(/WORKER_METRICS_PORT/);
    expect(() => loadWorkerConfig({ WORKER_METRICS_HOST: 'a b' })).toThrow(/WORKER_METRICS_HOST/);
  });
});
