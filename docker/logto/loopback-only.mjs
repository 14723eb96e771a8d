// Loaded into a local Logto's Node with --import: Logto 1.42 calls listen(port) with no host,
// which binds every interface, and a freshly seeded Logto's admin port serves a console with no
// admin account yet (whoever reaches it first owns the tenant). Every listen without a host is
// given 127.0.0.1 here; one with a host or a path is left alone. Not for containers: there
// Logto must listen on the container's interface, and the host side is bound to 127.0.0.1.
import net from 'node:net';

const loopback = '127.0.0.1';
const listen = net.Server.prototype.listen;

net.Server.prototype.listen = function loopbackListen(...args) {
  const [first] = args;
  if (first === undefined || typeof first === 'function') {
    args.unshift(0, loopback); // listen() / listen(cb): a random port
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    if (typeof args[1] !== 'string') args.splice(1, 0, loopback); // listen(port[, backlog][, cb])
  } else if (typeof first === 'object' && first !== null && first.port !== undefined && first.host === undefined) {
    args[0] = { ...first, host: loopback }; // listen({ port, ... }) without a host
  }
  return listen.apply(this, args);
};
