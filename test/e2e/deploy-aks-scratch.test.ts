import { afterAll, beforeAll, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startKubeApiServer, type KubeApiServer } from '../fakes/kube-api-server.js';

let api: KubeApiServer;
let dir: string;
beforeAll(async () => {
  api = await startKubeApiServer();
  dir = mkdtempSync(path.join(os.tmpdir(), 'scratch-'));
  writeFileSync(path.join(dir, 'kc'), api.kubeconfig());
});
afterAll(async () => api.close());

async function k(args: string[]): Promise<string> {
  try {
    const { stdout: out, stderr } = await promisify(execFile)('kubectl', ['--kubeconfig', path.join(dir, 'kc'), '--cache-dir', path.join(dir, 'cache'), ...args], { encoding: 'utf8', timeout: 30000 });
    return `OK\n${out}\n${stderr}`;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; code?: number };
    return `FAIL ${err.code}\n${err.stdout}\n${err.stderr}`;
  }
}

it('sts ds', async () => {
  const file = path.join(dir, 's.yaml');
  const sts = (image: string): string => `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: ${image}}]}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: agent, image: ${image}}]}
---
apiVersion: batch/v1
kind: Job
metadata: {name: seed}
spec:
  template:
    spec: {restartPolicy: Never, containers: [{name: seed, image: ${image}}]}
`;
  writeFileSync(file, sts('postgres:16'));
  console.log(await k(['apply', '--server-side', '--field-manager', 'devsecops', '--force-conflicts', '-f', file, '-n', 'default', '-o', 'name']));
  console.log(await k(['rollout', 'status', 'statefulset/db', '-n', 'default', '--timeout', '20s']));
  console.log(await k(['rollout', 'status', 'daemonset/agent', '-n', 'default', '--timeout', '20s']));
  writeFileSync(file, sts('postgres:17'));
  console.log(await k(['apply', '--server-side', '--field-manager', 'devsecops', '--force-conflicts', '-f', file, '-n', 'default', '--dry-run=server', '-o', 'name']));
  console.log(await k(['apply', '--server-side', '--field-manager', 'devsecops', '--force-conflicts', '-f', file, '-n', 'default', '-o', 'name']));
  console.log(await k(['get', 'controllerrevisions', '-n', 'default', '-o', 'json']));
  console.log(await k(['rollout', 'undo', 'statefulset/db', '-n', 'default', '--to-revision', '1']));
  console.log(await k(['rollout', 'undo', 'daemonset/agent', '-n', 'default', '--to-revision', '1']));
  console.log(await k(['get', 'statefulset/db', 'daemonset/agent', 'deployment/nope', '-n', 'default', '-o', 'json', '--ignore-not-found']));
  console.log(await k(['get', 'deployment/nope', '-n', 'default', '-o', 'json', '--ignore-not-found']));
  console.log(await k(['get', 'job/seed', '-n', 'default', '-o', 'json']));
}, 120000);

it.skip('scratch', async () => {
  const file = path.join(dir, 'd.yaml');
  writeFileSync(file, `apiVersion: apps/v1
kind: Deployment
metadata: {name: app, annotations: {a: b}}
spec:
  selector: {matchLabels: {app: app}}
  template:
    metadata: {labels: {app: app}}
    spec: {containers: [{name: app, image: nginx}]}
`);
  console.log(await k(['apply', '--server-side', '--field-manager', 'devsecops', '--force-conflicts', '-f', file, '-n', 'default', '-o', 'json']));
  console.log(await k(['rollout', 'status', 'deployment/app', '-n', 'default', '--timeout', '20s']));
  writeFileSync(file, `apiVersion: apps/v1
kind: Deployment
metadata: {name: app, annotations: {a: c}}
spec:
  selector: {matchLabels: {app: app}}
  template:
    metadata: {labels: {app: app}}
    spec: {containers: [{name: app, image: nginx:2}]}
`);
  api.queueRollouts('Deployment', 'default', 'app', [{ outcome: 'fail', when: 'on-watch' }]);
  console.log(await k(['apply', '--server-side', '--field-manager', 'devsecops', '--force-conflicts', '-f', file, '-n', 'default', '-o', 'json']));
  console.log(await k(['rollout', 'status', 'deployment/app', '-n', 'default', '--timeout', '20s']));
  console.log(await k(['rollout', 'undo', 'deployment/app', '-n', 'default', '--to-revision', '1']));
  console.log(await k(['get', 'deployment/app', '-n', 'default', '-o', 'json']));
  console.log(await k(['get', 'events', '-n', 'default', '--field-selector', 'involvedObject.name=app', '--sort-by', '.lastTimestamp', '-o', 'json']));
  console.log(api.requests.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.query)} ${r.status}`).join('\n'));
}, 120000);
