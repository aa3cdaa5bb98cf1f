// Loaded into the server by bench/run.ts (node --import) for a few requests
// per route: counts the SQL statements each request runs and sends the
// count back in an x-sql-statements header. A count that grows with the data
// would be an N+1 query. Not loaded while measuring throughput.
import { AsyncLocalStorage } from "node:async_hooks";
import http from "node:http";
import SQLite from "better-sqlite3";

const perRequest = new AsyncLocalStorage();
const probe = new SQLite(":memory:");
const statementPrototype = Object.getPrototypeOf(probe.prepare("select 1"));
probe.close();
for (const method of ["run", "get", "all", "iterate"]) {
  const original = statementPrototype[method];
  statementPrototype[method] = function (...args) {
    const counter = perRequest.getStore();
    if (counter) counter.statements += 1;
    return original.apply(this, args);
  };
}

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, request, response) {
  if (event !== "request") return emit.apply(this, arguments);
  const counter = { statements: 0 };
  const writeHead = response.writeHead;
  response.writeHead = function (...args) {
    if (!this.headersSent) this.setHeader("x-sql-statements", String(counter.statements));
    return writeHead.apply(this, args);
  };
  return perRequest.run(counter, () => emit.apply(this, arguments));
};
