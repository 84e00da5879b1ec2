// `npm run demo`: runs the pipeline's checks on the example service in
// examples/service through the committed action bundles, exactly as a GitHub
// runner runs them (INPUT_* variables, GITHUB_OUTPUT, the step summary,
// RUNNER_TEMP, RUNNER_TOOL_CACHE). Tools come from a local mirror: see
// scripts/lib/local-runner.mjs.
import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jobDirs, root, runActionStep, serveTrivyRelease, TRIVY_VERSION } from './lib/local-runner.mjs';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'devsecops-demo-'));
const dirs = jobDirs(scratch);
cpSync(path.join(root, 'examples', 'service'), dirs.workspace, { recursive: true });
const mirror = await serveTrivyRelease(scratch);
const trivy = { version: TRIVY_VERSION, 'version-sha256': mirror.sha256, 'tool-mirror': mirror.url };

const steps = [];
try {
  console.log('\n=== Trivy: secrets and misconfigurations of the example service (actions/scan) ===\n');
  steps.push([
    'trivy fs',
    await runActionStep(
      'scan',
      { scanner: 'trivy', target: '.', 'trivy-scanners': 'secret,misconfig', ...trivy },
      dirs,
    ),
  ]);
} finally {
  await mirror.close();
}

for (const [name, r] of steps) {
  console.log(`\n=== ${name}: job summary ===\n\n${r.summary}`);
  console.log(`outputs: ${JSON.stringify(r.outputs, null, 2)}`);
}
const failed = steps.filter(([, r]) => r.code !== 0);
console.log(
  `\n${steps.length - failed.length} of ${steps.length} steps passed their gate${failed.length ? `; failed: ${failed.map(([n]) => n).join(', ')}` : ''}`,
);
console.log(`reports are in ${dirs.temp}`);
process.exitCode = failed.length ? 1 : 0;
