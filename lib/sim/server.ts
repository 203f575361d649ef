import { createServer, type Server } from "node:http";
import { renderGpuMetrics, EXPOSITION_CONTENT_TYPE } from "./exposition";
import type { Fleet } from "./fleet";

/** The simulator's HTTP exporter: GET /metrics like dcgm-exporter on :9400. */
export function startSimulator(fleet: Fleet, port: number, host = "127.0.0.1"): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    if (path === "/metrics") {
      res.writeHead(200, { "content-type": EXPOSITION_CONTENT_TYPE });
      res.end(req.method === "HEAD" ? undefined : renderGpuMetrics(fleet, Date.now()));
      return;
    }
    if (path === "/" || path === "/health") {
      res.writeHead(200, { "content-type": "text/plain" }).end(`fleet simulator: ${fleet.gpus.length} GPUs, /metrics\n`);
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}
