import { loadWorkerConfig } from '../../src/worker/config';

describe('worker configuration', () => {
  it('has a default for everything, and blank values count as unset', () => {
    expect(loadWorkerConfig({ TEMPORAL_ADDRESS: '', LOG_LEVEL: ' ' })).toEqual({
      temporal: { address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'checkouts' },
      maxConcurrentActivities: 50,
      logLevel: 'info',
    });
  });

  it('names the variable that is wrong', () => {
    expect(() => loadWorkerConfig({ WORKER_MAX_CONCURRENT_ACTIVITIES: 'many' })).toThrow(
      /WORKER_MAX_CONCURRENT_ACTIVITIES/,
    );
    expect(() => loadWorkerConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });
});
