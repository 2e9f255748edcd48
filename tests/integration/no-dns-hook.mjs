// Preloaded (`node --import`) into the reader by the no-network test: every DNS lookup fails as it does on a
// machine without a network (ENOTFOUND), so no request leaves the machine and none can reach a site.
import dns from "node:dns";

dns.lookup = (hostname, options, callback) => {
  const done = typeof options === "function" ? options : callback;
  const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
    code: "ENOTFOUND",
    hostname,
  });
  process.nextTick(() => done(error));
};
