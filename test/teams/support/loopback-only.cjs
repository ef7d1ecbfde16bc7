// Preloaded into the Agents Playground (node --require): it listens on every interface and has no
// option for that, so a listen() given no host is given 127.0.0.1 here.
const net = require('node:net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && (args.length === 1 || typeof args[1] === 'function')) args.splice(1, 0, '127.0.0.1');
  else if (args[0] && typeof args[0] === 'object' && !Array.isArray(args[0]) && args[0].port !== undefined && !args[0].host && !args[0].path)
    args[0] = { ...args[0], host: '127.0.0.1' };
  return listen.apply(this, args);
};
