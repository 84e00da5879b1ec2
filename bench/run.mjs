// `npm run bench`: every benchmark of the project, one after the other
// (`npm run bench -- startup` runs one). Benchmarks measure and print; they
// never fail a build on a figure.
import { benchAzureLogin } from './azure-login.mjs';
import { benchDeployAks } from './deploy-aks.mjs';
import { benchStartup } from './startup.mjs';
import { benchTrivyOverhead } from './trivy-overhead.mjs';
import { benchTrivyReport } from './trivy-report.mjs';

const only = process.argv.slice(2);
const benches = {
  startup: benchStartup,
  'trivy-report': benchTrivyReport,
  'trivy-overhead': benchTrivyOverhead,
  'azure-login': benchAzureLogin,
  'deploy-aks': benchDeployAks,
};
for (const [name, fn] of Object.entries(benches)) {
  if (only.length && !only.includes(name)) continue;
  await fn();
}
