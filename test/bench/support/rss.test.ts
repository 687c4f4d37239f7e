import { rssMiB } from './rss';

describe('rssMiB', () => {
  it("reads a process's resident memory from /proc, as Node itself counts it", () => {
    const own = process.memoryUsage().rss / 2 ** 20;
    const read = rssMiB(process.pid);
    expect(read).toBeGreaterThan(own * 0.8);
    expect(read).toBeLessThan(own * 1.25);
  });

  it('refuses a process that does not exist', () => {
    expect(() => rssMiB(2 ** 22 + 12345)).toThrow();
  });
});
