import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

export interface Listener {
  /** The local address as the kernel has it: 127.0.0.1, 0.0.0.0, ::, ::1, … */
  address: string;
  port: number;
  pid: number;
}

/** Every TCP socket listening in one of `pids` (from /proc/net/tcp and tcp6, by socket inode). */
export function listenersOf(pids: number[]): Listener[] {
  const owner = new Map<string, number>();
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone meanwhile
    }
    for (const fd of fds) {
      try {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        if (inode) owner.set(inode, pid);
      } catch {
        // closed meanwhile
      }
    }
  }
  const out: Listener[] = [];
  for (const [file, v6] of [
    ['/proc/net/tcp', false],
    ['/proc/net/tcp6', true],
  ] as const) {
    for (const line of readFileSync(file, 'utf8').trim().split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const [, local = '', , state, , , , , , inode = ''] = cols; // sl, local, remote, state, …, inode
      if (state !== '0A') continue; // LISTEN
      const pid = owner.get(inode);
      if (pid === undefined) continue;
      const [hex = '', portHex = '0'] = local.split(':');
      out.push({ address: v6 ? ipv6(hex) : ipv4(hex), port: parseInt(portHex, 16), pid });
    }
  }
  return out;
}

/** Loopback: 127.0.0.0/8, ::1, or 127.x mapped into IPv6. */
export function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
}

function ipv4(hex: string): string {
  // /proc prints the address in host byte order (little-endian here).
  const bytes = hex.match(/../g)?.map((b) => parseInt(b, 16)) ?? [];
  return bytes.reverse().join('.');
}

function ipv6(hex: string): string {
  const words: string[] = [];
  for (let i = 0; i < 32; i += 8) {
    const le =
      hex
        .slice(i, i + 8)
        .match(/../g)
        ?.reverse()
        .join('') ?? '';
    words.push(le.slice(0, 4), le.slice(4, 8));
  }
  const full = words.map((w) => parseInt(w, 16).toString(16)).join(':');
  if (/^0:0:0:0:0:ffff:/.test(full)) {
    const [a = 0, b = 0] = full
      .split(':')
      .slice(6)
      .map((w) => parseInt(w, 16));
    return `::ffff:${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`;
  }
  if (full === '0:0:0:0:0:0:0:1') return '::1';
  if (full === '0:0:0:0:0:0:0:0') return '::';
  return full;
}
