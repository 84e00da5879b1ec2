// A minimal HTTP service: the workload the example pipeline builds, scans, signs and deploys.
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 8080);

createServer((req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    return;
  }
  res
    .writeHead(200, { 'content-type': 'application/json' })
    .end(JSON.stringify({ service: 'hello', version: process.env.APP_VERSION ?? 'dev' }));
}).listen(port, () => console.log(`listening on ${port}`));
