/**
 * The mail's own clocks, from its headers: its Date → when it was read, and the span of its
 * Received hops (the first server that took it → the last). Second precision, as mail has.
 */
export function mailClocks(raw: Buffer, readAt: Date): { dateToArrival?: number; receivedHops?: number } {
  const head = raw.toString('utf8').split(/\r?\n\r?\n/, 1)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) =>
    unfolded
      .split(/\r?\n/)
      .filter((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
      .map((line) => line.slice(name.length + 1).trim());
  const date = Date.parse(header('Date')[0] ?? '');
  const received = header('Received')
    .map((value) => Date.parse(value.slice(value.lastIndexOf(';') + 1).trim()))
    .filter((t) => !Number.isNaN(t));
  return {
    ...(Number.isNaN(date) ? {} : { dateToArrival: readAt.getTime() - date }),
    ...(received.length > 1 ? { receivedHops: Math.max(...received) - Math.min(...received) } : {}),
  };
}
