// Which TCP addresses a process tree listens on, read from Linux's /proc: every socket of
// every process under `rootPid`, matched against the kernel's table of listening sockets.
// This sees listeners the test does not know about (e.g. a port a child opens by itself).
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

const LISTEN = '0A';

function parentOf(pid: string): string | undefined {
  try {
    // "pid (comm) state ppid ...": comm may hold spaces, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
  } catch {
    return undefined; // exited meanwhile
  }
}

function treeOf(rootPid: number): string[] {
  const parents = new Map<string, string[]>();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const parent = parentOf(pid);
    if (parent !== undefined) parents.set(parent, [...(parents.get(parent) ?? []), pid]);
  }
  const tree: string[] = [];
  const queue = [String(rootPid)];
  while (queue.length > 0) {
    const pid = queue.shift() as string;
    tree.push(pid);
    queue.push(...(parents.get(pid) ?? []));
  }
  return tree;
}

function socketInodes(pid: string): string[] {
  try {
    return readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        return match ? [match[1] as string] : [];
      } catch {
        return [];
      }
    });
  } catch {
    return [];
  }
}

/** "0100007F:0BB8" (tcp) or a 32-hex-digit tcp6 address → "127.0.0.1:3000" / "[::1]:3000". */
function decode(hex: string, family: 4 | 6): string {
  const [address, port] = hex.split(':') as [string, string];
  const words = (address.match(/.{8}/g) ?? []).map((word) => (word.match(/../g) ?? []).reverse().join(''));
  const portNumber = parseInt(port, 16);
  if (family === 4) {
    const octets = (words[0]?.match(/../g) ?? []).map((byte) => parseInt(byte, 16));
    return `${octets.join('.')}:${portNumber}`;
  }
  const groups = words.join('').match(/.{4}/g) ?? [];
  const text = groups.map((group) => parseInt(group, 16).toString(16)).join(':');
  return `[${text.replace(/(^|:)0(:0)+(:|$)/, '::')}]:${portNumber}`;
}

/** Every TCP address the tree of `rootPid` listens on, e.g. ["127.0.0.1:3000", "[::1]:7233"]. */
export function listeningAddresses(rootPid: number): string[] {
  const inodes = new Set(treeOf(rootPid).flatMap(socketInodes));
  const found: string[] = [];
  for (const [file, family] of [
    ['/proc/net/tcp', 4],
    ['/proc/net/tcp6', 6],
  ] as const) {
    let table: string;
    try {
      table = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of table.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [local, state, inode] = [fields[1], fields[3], fields[9]];
      if (local && state === LISTEN && inode && inodes.has(inode)) found.push(decode(local, family));
    }
  }
  return found.sort();
}

/** True for an address only this machine can reach. */
export function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address.startsWith('[::1]:') || address.startsWith('[::ffff:7f');
}
