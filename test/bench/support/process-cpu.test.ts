import { spawn } from 'node:child_process';
import { terminate } from '../../../src/devstack/terminate';
import { childPids, cpuMs } from './process-cpu';

describe('process CPU from /proc', () => {
  it("counts a busy child's CPU and finds it among this process's children", async () => {
    // A child that spins for 600 ms, then waits to be stopped.
    const child = spawn(
      process.execPath,
      [
        '-e',
        'const end = Date.now() + 600; while (Date.now() < end); setInterval(() => {}, 1000); // cpu-probe',
      ],
      { stdio: 'ignore' },
    );
    try {
      const pid = child.pid as number;
      expect(childPids(process.pid, 'cpu-probe')).toEqual([pid]);
      expect(childPids(process.pid, 'no-such-command-line')).toEqual([]);
      const before = cpuMs(pid);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      // It spun at least 600 ms (ticks are 10 ms; a loaded machine only delays it).
      expect(cpuMs(pid) - before).toBeGreaterThanOrEqual(300);
    } finally {
      await terminate(child);
    }
  });

  it('refuses a process that does not exist', () => {
    expect(() => cpuMs(2 ** 22 + 7)).toThrow();
  });
});
