// Serves PostGraphile on PEER_PORT from PEER_PROCESSES Node processes (node:cluster shares the listening socket), so
// the benchmark can give the peer one core or both, as it gives the JVM both.
import cluster from "node:cluster";
import { createServer } from "node:http";
import { postgraphile } from "postgraphile";
import { grafserv } from "postgraphile/grafserv/node";
import preset from "./graphile.config.mjs";

const processes = Number(process.env.PEER_PROCESSES ?? "1");
if (cluster.isPrimary && processes > 1) {
  for (let i = 0; i < processes; i++) {
    cluster.fork();
  }
} else {
  const serv = postgraphile(preset).createServ(grafserv);
  const server = createServer();
  await serv.addTo(server);
  server.listen(Number(process.env.PEER_PORT), "127.0.0.1", () => console.log(`serving in process ${process.pid}`));
}
