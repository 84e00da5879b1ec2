// A minimal HTTP service: the workload the example pipeline builds, scans, signs and deploys.
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 8080);
/** How long the service keeps answering after SIGTERM, while Kubernetes takes it out of the Service's endpoints. */
const drainMs = Number(process.env.SHUTDOWN_DRAIN_MS ?? 5000);
let stopping = false;

const server = createServer((req, res) => {
  // Liveness: the process answers. Kubernetes restarts the container when it stops answering.
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    return;
  }
  // Readiness: the process wants traffic. It stops wanting it once it is asked to stop.
  if (req.url === '/readyz') {
    res.writeHead(stopping ? 503 : 200, { 'content-type': 'text/plain' }).end(stopping ? 'stopping' : 'ready');
    return;
  }
  res
    .writeHead(200, { 'content-type': 'application/json' })
    .end(JSON.stringify({ service: 'hello', version: process.env.APP_VERSION ?? 'dev' }));
}).listen(port, () => console.log(`listening on ${port}`));

// Node runs as PID 1 in the container and would ignore SIGTERM without a handler, so every
// rollout would wait out the grace period and end in SIGKILL. Instead: fail readiness, keep
// serving while the endpoints change, then finish the requests in flight and exit.
process.once('SIGTERM', () => {
  stopping = true;
  setTimeout(() => server.close(() => process.exit(0)), drainMs);
});
