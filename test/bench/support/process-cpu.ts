// CPU time a process has used so far (user + system), read from /proc/<pid>/stat.
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's times; 100 on every Linux the bench runs on. */
const TICKS_PER_SECOND = 100;

export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after its ")" are plain numbers.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}
