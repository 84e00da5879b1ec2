// azure-login benchmark: the login step (GitHub ID token, Entra ID exchange,
// ACR exchange) of actions/azure-login/dist/index.js against the fakes of
// test/fakes/ on 127.0.0.1, median wall time next to `node -e 0` in the same
// run and the same environment. The children get NODE_EXTRA_CA_CERTS set to
// the Entra fake's CA alone (the https endpoint needs it); the bench's own
// value (often the system bundle, slow to read) is not passed on.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jobDirs } from '../scripts/lib/local-runner.mjs';
import { importFake } from './lib/fakes.mjs';
import { median, runStep, stepEnv, timeNode } from './lib/step.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const GOAL_MS = 300;
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '0b7e9a3c-5d41-4f7a-9c2e-1a2b3c4d5e6f';
const SUBSCRIPTION = '9a8b7c6d-1234-4e5f-8a9b-0c1d2e3f4a5b';
const SUBJECT = 'repo:octo-org/octo-repo:ref:refs/heads/main';

export async function benchAzureLogin() {
  const { startOidcServer } = await importFake('oidc-server');
  const { startAzureServer } = await importFake('azure-server');
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'bench-azure-login-'));
  const dirs = jobDirs(scratch);
  const oidc = await startOidcServer();
  let azure;
  try {
    azure = await startAzureServer({ tenantId: TENANT, clientId: CLIENT, subjects: [SUBJECT] });
    const fakeEnv = {
      ...oidc.env,
      NODE_EXTRA_CA_CERTS: azure.caFile,
      AZURE_AUTHORITY_HOST: azure.authorityHost,
    };
    const inputs = { 'client-id': CLIENT, 'tenant-id': TENANT, 'subscription-id': SUBSCRIPTION, acr: azure.acrHost };
    const bareEnv = stepEnv(dirs, fakeEnv);
    const login = [];
    const bare = [];
    // Interleaved, so that machine noise spreads over both alike; the first round warms the file cache.
    for (let i = 0; i < RUNS + 1; i++) {
      const b = await timeNode(['-e', '0'], bareEnv, dirs.workspace);
      if (b.code !== 0) throw new Error(`node -e 0 failed:\n${b.log}`);
      const exchangesBefore = azure.acrExchanges.length;
      const l = await runStep('azure-login', inputs, dirs, fakeEnv);
      const exchange = azure.acrExchanges.at(-1);
      if (azure.acrExchanges.length !== exchangesBefore + 1 || exchange.status !== 200)
        throw new Error('azure-login did not exchange a token with the fake ACR');
      if (i === 0) continue;
      bare.push(b.wallMs);
      login.push(l.wallMs);
    }
    const rows = [
      { name: 'node -e 0', median: median(bare), min: Math.min(...bare) },
      { name: 'azure-login', median: median(login), min: Math.min(...login) },
    ];
    const over = rows[1].median - rows[0].median;
    console.log(
      `\nazure-login: median wall time over ${RUNS} runs (OIDC + Entra + ACR fakes on 127.0.0.1, NODE_EXTRA_CA_CERTS = fake CA only)`,
    );
    console.log(
      'subject'.padEnd(16) + 'median ms'.padStart(11) + 'min ms'.padStart(10) + 'over node -e 0'.padStart(16),
    );
    for (const r of rows)
      console.log(
        r.name.padEnd(16) +
          r.median.toFixed(1).padStart(11) +
          r.min.toFixed(1).padStart(10) +
          (r === rows[0] ? '' : `+${over.toFixed(1)}`).padStart(16),
      );
    console.log(
      `goal: login ≤ ${GOAL_MS} ms: ${rows[1].median <= GOAL_MS ? 'met' : 'not met'} (${rows[1].median.toFixed(0)} ms)`,
    );
    return { loginMs: rows[1].median, bareMs: rows[0].median };
  } finally {
    await oidc.close();
    await azure?.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}
