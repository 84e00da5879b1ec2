import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  applyMasks,
  decodeCommandValue,
  parseKeyValueFile,
  parsePathFile,
  parseWorkflowCommands,
} from '../harness/file-commands.js';
import { assertNoStackTrace, REPO_ROOT, runAction, type ActionResult } from '../harness/run-action.js';
import { createFakeExecutable, MISMATCH_EXIT_CODE } from '../fakes/fake-executable.js';
import { decodeJwt, GITHUB_OIDC_ISSUER, startOidcServer, type OidcServer } from '../fakes/oidc-server.js';
import { makeTarGz, makeZip, startToolMirror, type ToolMirror } from '../fakes/tool-mirror.js';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
function keep(result: ActionResult): ActionResult {
  cleanups.push(result.cleanup);
  return result;
}
async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('runAction on the committed actions/scan dist', () => {
  it('with no inputs fails with one clear error and no stack trace', async () => {
    const result = keep(await runAction('scan', { inputs: {} }));
    expect(result.exitCode).toBe(1);
    expect(result.annotations).toContainEqual({
      level: 'error',
      message: "input 'scanner' is required and was not set",
    });
    assertNoStackTrace(result.log);
    expect(result.post).toBeUndefined();
  });

  it("names the input and the value of a bad 'fail-on'", async () => {
    const result = keep(await runAction('scan', { inputs: { scanner: 'trivy', target: '.', 'fail-on': 'hihg' } }));
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain("'fail-on'");
    expect(errors[0]?.message).toContain("'hihg'");
    expect(result.unexpectedInputs).toEqual([]);
    assertNoStackTrace(result.log);
  });
});

/*
 * A probe action built in a temp dir that uses the real @actions/core, so the
 * harness is checked against what core really writes.
 */
describe('runAction emulates the runner', () => {
  let actionDir: string;
  const coreUrl = pathToFileURL(path.join(REPO_ROOT, 'node_modules/@actions/core/lib/core.js')).href;

  beforeAll(async () => {
    actionDir = await tempDir('probe-action-');
    await writeFile(
      path.join(actionDir, 'action.yml'),
      [
        'name: probe',
        'description: records what the runner gave it',
        'inputs:',
        '  required-one:',
        '    required: true',
        '  with-default:',
        '    default: the default',
        '  no-default:',
        '    required: false',
        '  my input:',
        '    default: spaced',
        '  token:',
        '    default: ${{ github.token }}',
        '  mode:',
        '    default: ok',
        '  audience:',
        '    required: false',
        'runs:',
        '  using: node20',
        '  main: main.mjs',
        '  post: post.mjs',
        '',
      ].join('\n'),
    );
    await writeFile(
      path.join(actionDir, 'main.mjs'),
      `import * as core from ${JSON.stringify(coreUrl)};
const mode = core.getInput('mode');
const inputs = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('INPUT_')));
core.setOutput('inputs', JSON.stringify(inputs));
core.setOutput('environment', JSON.stringify(process.env));
core.setOutput('cwd', process.cwd());
core.setOutput('multi', 'line 1\\nline 2');
core.exportVariable('PROBE_VAR', 'exported\\nvalue');
core.addPath('/opt/probe/bin');
core.saveState('token-file', '/tmp/probe token');
core.saveState('multi-state', 'a\\nb');
core.setSecret('s3cr3t-probe-value');
console.log('printing s3cr3t-probe-value');
core.error('bad thing: 100% fail\\nsecond line', { file: 'src/a,b.ts', startLine: 3, startColumn: 7, title: 'T: x' });
core.warning('careful');
core.notice('fyi');
await core.summary.addRaw('# Probe summary').write();
if (mode === 'oidc') {
  core.setOutput('id-token-1', await core.getIDToken(core.getInput('audience')));
  core.setOutput('id-token-2', await core.getIDToken(core.getInput('audience')));
}
if (mode === 'fail') core.setFailed('probe failed');
if (mode === 'throw') throw new Error('probe bug');
if (mode === 'hang') setInterval(() => {}, 1000);
`,
    );
    await writeFile(
      path.join(actionDir, 'post.mjs'),
      `import * as core from ${JSON.stringify(coreUrl)};
core.setOutput('state', core.getState('token-file'));
core.setOutput('multi-state', core.getState('multi-state'));
core.setOutput('probe-var', process.env.PROBE_VAR ?? '<unset>');
core.setOutput('path', process.env.PATH);
core.setOutput('input', core.getInput('with-default'));
`,
    );
  });

  const probe = (options: Parameters<typeof runAction>[1] = {}): Promise<ActionResult> =>
    runAction('probe', { actionDir, ...options }).then(keep);

  it('passes inputs as INPUT_* with the action.yml defaults, as the runner does', async () => {
    const result = await probe({ inputs: { 'required-one': 'given', 'with-default': 'overridden', extra: 'x' } });
    expect(result.exitCode).toBe(0);
    const inputs = JSON.parse(result.outputs['inputs'] ?? '{}') as Record<string, string>;
    expect(inputs['INPUT_REQUIRED-ONE']).toBe('given');
    expect(inputs['INPUT_WITH-DEFAULT']).toBe('overridden');
    expect(inputs['INPUT_NO-DEFAULT']).toBe('');
    expect(inputs['INPUT_MY_INPUT']).toBe('spaced');
    expect(inputs['INPUT_TOKEN']).toMatch(/^ghs_/);
    expect(inputs['INPUT_EXTRA']).toBe('x');
    expect(result.unexpectedInputs).toEqual(['extra']);
    const defaults = await probe({ inputs: { 'required-one': 'given' } });
    expect(JSON.parse(defaults.outputs['inputs'] ?? '{}')).toMatchObject({ 'INPUT_WITH-DEFAULT': 'the default' });
  });

  it("gives the runner's environment, fresh dirs and the workspace as cwd, and nothing of the test process", async () => {
    const result = await probe({ inputs: { 'required-one': 'x' } });
    const env = JSON.parse(result.outputs['environment'] ?? '{}') as Record<string, string>;
    expect(env['GITHUB_ACTIONS']).toBe('true');
    expect(env['GITHUB_WORKSPACE']).toBe(result.workspace);
    expect(result.outputs['cwd']).toBe(result.workspace);
    expect(env['RUNNER_TEMP']).toBe(result.runnerTemp);
    expect(env['RUNNER_TOOL_CACHE']).toBe(result.toolCache);
    expect(env['RUNNER_OS']).toMatch(/^(Linux|macOS|Windows)$/);
    expect(env['GITHUB_REPOSITORY']).toBe('octo-org/octo-repo');
    expect(env['GITHUB_SHA']).toMatch(/^[0-9a-f]{40}$/);
    for (const name of ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY']) {
      expect(env[name]?.startsWith(result.tempRoot)).toBe(true);
    }
    const event = JSON.parse(readFileSync(env['GITHUB_EVENT_PATH'] ?? '', 'utf8')) as { ref: string };
    expect(event.ref).toBe(env['GITHUB_REF']);
    expect(env['HOME']?.startsWith(result.tempRoot)).toBe(true);
    expect(env['NODE_EXTRA_CA_CERTS']).toBeUndefined();
    expect(env['JEST_WORKER_ID']).toBeUndefined();

    const workspace = await tempDir('probe-ws-');
    const given = await probe({
      inputs: { 'required-one': 'x' },
      workspace,
      env: { EXTRA_VAR: 'yes', RUNNER_OS: undefined },
    });
    const givenEnv = JSON.parse(given.outputs['environment'] ?? '{}') as Record<string, string>;
    expect(given.outputs['cwd']).toBe(workspace);
    expect(givenEnv['EXTRA_VAR']).toBe('yes');
    expect(givenEnv['RUNNER_OS']).toBeUndefined();
  });

  it('reads outputs, env, path, state, summary, annotations and masks', async () => {
    const result = await probe({ inputs: { 'required-one': 'x' }, post: false });
    expect(result.outputs['multi']).toBe('line 1\nline 2');
    expect(result.env).toEqual({ PROBE_VAR: 'exported\nvalue' });
    expect(result.path).toEqual(['/opt/probe/bin']);
    expect(result.state).toEqual({ 'token-file': '/tmp/probe token', 'multi-state': 'a\nb' });
    expect(result.summary).toContain('# Probe summary');
    expect(result.annotations).toEqual([
      {
        level: 'error',
        message: 'bad thing: 100% fail\nsecond line',
        file: 'src/a,b.ts',
        line: 3,
        col: 7,
        title: 'T: x',
      },
      { level: 'warning', message: 'careful' },
      { level: 'notice', message: 'fyi' },
    ]);
    expect(result.masked).toContain('s3cr3t-probe-value');
    // The log is raw, so a test sees what the action printed; applyMasks shows what the runner would display.
    expect(result.log).toContain('printing s3cr3t-probe-value');
    expect(applyMasks(result.log, result.masked)).toContain('printing ***');
    expect(result.post).toBeUndefined();
  });

  it('runs the post step with the saved state and the exported env and path', async () => {
    const result = await probe({ inputs: { 'required-one': 'x' } });
    expect(result.post?.exitCode).toBe(0);
    expect(result.post?.outputs['state']).toBe('/tmp/probe token');
    expect(result.post?.outputs['multi-state']).toBe('a\nb');
    expect(result.post?.outputs['probe-var']).toBe('exported\nvalue');
    expect(result.post?.outputs['path']?.split(path.delimiter)[0]).toBe('/opt/probe/bin');
    expect(result.post?.outputs['input']).toBe('the default');
    // The post step has its own files.
    expect(result.post?.outputs['multi']).toBeUndefined();
  });

  it('runs the post step after a failed main step (post-if defaults to always())', async () => {
    const result = await probe({ inputs: { 'required-one': 'x', mode: 'fail' } });
    expect(result.exitCode).toBe(1);
    expect(result.annotations).toContainEqual({ level: 'error', message: 'probe failed' });
    expect(result.post?.exitCode).toBe(0);
  });

  it('assertNoStackTrace catches an uncaught error', async () => {
    const result = await probe({ inputs: { 'required-one': 'x', mode: 'throw' }, post: false });
    expect(result.exitCode).not.toBe(0);
    expect(() => assertNoStackTrace(result.log)).toThrow(/expected no stack trace/);
  });

  it('kills a step that exceeds timeoutMs and says so', async () => {
    await expect(
      probe({ inputs: { 'required-one': 'x', mode: 'hang' }, timeoutMs: 1000, post: false }),
    ).rejects.toThrow(/timed out after 1000 ms/);
  });

  describe('with the fake OIDC endpoint', () => {
    let oidc: OidcServer;
    beforeAll(async () => {
      oidc = await startOidcServer({ claims: { environment: 'production' } });
    });
    afterAll(() => oidc.close());

    it('issues a fresh GitHub-shaped ID token to @actions/core on every request', async () => {
      const result = await probe({
        inputs: { 'required-one': 'x', mode: 'oidc', audience: 'api://AzureADTokenExchange' },
        env: oidc.env,
        post: false,
      });
      expect(result.exitCode).toBe(0);
      const first = result.outputs['id-token-1'] ?? '';
      const second = result.outputs['id-token-2'] ?? '';
      expect(oidc.issued.map((i) => i.token)).toEqual([first, second]);
      expect(first).not.toBe(second);
      expect(result.masked).toEqual(expect.arrayContaining([first, second]));

      const { header, claims } = decodeJwt(first);
      expect(header).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'test' });
      expect(claims).toMatchObject({
        iss: GITHUB_OIDC_ISSUER,
        aud: 'api://AzureADTokenExchange',
        sub: 'repo:octo-org/octo-repo:environment:production',
        repository: 'octo-org/octo-repo',
      });
      const later = decodeJwt(second).claims;
      expect(later['iat']).toBeGreaterThan(claims['iat'] as number);
      expect(later['jti']).not.toBe(claims['jti']);
      expect((claims['exp'] as number) > (claims['iat'] as number)).toBe(true);
    });

    it('refuses a request without the bearer request token', async () => {
      const response = await fetch(`${oidc.requestUrl}&audience=x`, { headers: { authorization: 'bearer wrong' } });
      expect(response.status).toBe(401);
      const before = oidc.issued.length;
      const ok = await fetch(`${oidc.requestUrl}&audience=x`, {
        headers: { authorization: `Bearer ${oidc.requestToken}` },
      });
      expect(ok.status).toBe(200);
      const body = (await ok.json()) as { value: string };
      expect(decodeJwt(body.value).claims['aud']).toBe('x');
      expect(oidc.issued).toHaveLength(before + 1);
    });
  });
});

describe('file commands and workflow commands', () => {
  it('parses name=value and heredoc entries, last one wins', () => {
    const text = 'a=1\n\nmulti<<EOF_1\nx\n\ny=z\nEOF_1\na=2\nempty<<D\nD\n';
    expect(parseKeyValueFile(text)).toEqual({ a: '2', multi: 'x\n\ny=z', empty: '' });
  });

  it('treats `=` before `<<` as the simple form', () => {
    expect(parseKeyValueFile('k=v<<w\n')).toEqual({ k: 'v<<w' });
  });

  it('refuses an unterminated heredoc and a line of neither form', () => {
    expect(() => parseKeyValueFile('k<<EOF\nvalue\n', 'GITHUB_OUTPUT')).toThrow(
      /GITHUB_OUTPUT: the value of 'k' is not terminated/,
    );
    expect(() => parseKeyValueFile('just words\n')).toThrow(/neither name=value nor name<<DELIMITER/);
  });

  it('reads GITHUB_PATH in order', () => {
    expect(parsePathFile('/a\n\n/b c\n')).toEqual(['/a', '/b c']);
  });

  it('decodes escapes once, %25 last', () => {
    expect(decodeCommandValue('100%25 a%3Ab%2Cc%0D%0Ad %250A')).toBe('100% a:b,c\r\nd %0A');
  });

  it('ignores commands between stop-commands and its token', () => {
    const log = ['::stop-commands::tok123', '::error::not an error', '::tok123::', '  ::warning file=x.ts::real'].join(
      '\n',
    );
    expect(parseWorkflowCommands(log).annotations).toEqual([{ level: 'warning', message: 'real', file: 'x.ts' }]);
  });

  it('assertNoStackTrace accepts error text and refuses stack frames', () => {
    expect(() => assertNoStackTrace("::error::input 'x' is bad\nat the end of the day")).not.toThrow();
    expect(() => assertNoStackTrace('Error: boom\n    at main (file:///a/dist/index.js:1:2345)')).toThrow(
      /dist\/index\.js:1:2345/,
    );
    expect(() => assertNoStackTrace('Error: boom\n    at /a/b.js:10:5')).toThrow();
    expect(() => assertNoStackTrace('    at async Promise.all (index 0)')).toThrow();
  });
});

describe('createFakeExecutable', () => {
  const run = (file: string, args: string[], cwd?: string) =>
    spawnSync(file, args, {
      encoding: 'utf8',
      shell: false,
      ...(cwd ? { cwd } : {}),
      env: { ...process.env, FAKE_SEEN: 'seen' },
    });

  it('runs without a shell, records the invocation and replays the matching case', async () => {
    const dir = await tempDir('fake-exe-');
    const fixture = path.join(dir, 'fixture.json');
    await writeFile(fixture, '{"real":"output"}');
    const fake = createFakeExecutable(dir, 'tool', {
      recordEnv: ['FAKE_SEEN', 'NOT_SET'],
      cases: [
        { expect: ['--version'], stdout: 'tool 1.2.3\n' },
        {
          expect: {
            startsWith: ['scan'],
            includes: ['--quiet'],
            excludes: ['--debug'],
            flags: { '--format': 'json', '--output': true },
            patterns: [/^target-\d+$/],
          },
          stdout: { file: fixture },
          stderr: 'scanning\n',
          files: [
            { fromArg: '--output', copy: fixture },
            { path: path.join(dir, 'side', 'effect.txt'), content: 'written' },
          ],
          exitCode: 3,
        },
      ],
    });
    const version = run(fake.path, ['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout).toBe('tool 1.2.3\n');

    const out = path.join(dir, 'out', 'report.json');
    const scan = run(fake.path, [
      'scan',
      '--quiet',
      '--format=json',
      '--output',
      out,
      'target-42',
      '$(touch pwned); echo "x"',
    ]);
    expect(scan.status).toBe(3);
    expect(scan.stdout).toBe('{"real":"output"}');
    expect(scan.stderr).toBe('scanning\n');
    expect(await readFile(out, 'utf8')).toBe('{"real":"output"}');
    expect(await readFile(path.join(dir, 'side', 'effect.txt'), 'utf8')).toBe('written');
    expect(existsSync(path.join(dir, 'pwned'))).toBe(false);

    const calls = fake.invocations();
    expect(calls).toHaveLength(2);
    expect(calls[1]).toMatchObject({
      argv: ['scan', '--quiet', '--format=json', '--output', out, 'target-42', '$(touch pwned); echo "x"'],
      env: { FAKE_SEEN: 'seen' },
      case: 1,
      exitCode: 3,
    });
    expect(calls[1]?.cwd).toBe(process.cwd());
  });

  it('exits 97 and explains an argv no case expects', async () => {
    const dir = await tempDir('fake-exe-');
    const fake = createFakeExecutable(dir, 'kube-score', {
      expect: { includes: ['score'], excludes: ['--debug'] },
      stdout: 'ok',
    });
    const bad = run(fake.path, ['score', '--debug'], dir);
    expect(bad.status).toBe(MISMATCH_EXIT_CODE);
    expect(bad.stderr).toContain('fake kube-score: unexpected argv ["score","--debug"]');
    expect(bad.stderr).toContain('must not contain "--debug"');
    expect(bad.stdout).toBe('');
    const missing = run(fake.path, ['version'], dir);
    expect(missing.status).toBe(MISMATCH_EXIT_CODE);
    expect(fake.invocations().map((i) => i.rejected)).toEqual(['must not contain "--debug"', 'missing "score"']);
  });

  it('writes files to a flag value with a prefix (syft -o format=path) and records stdin', async () => {
    const dir = await tempDir('fake-exe-');
    const fake = createFakeExecutable(dir, 'syft', {
      recordStdin: true,
      files: [{ fromArg: '-o', valuePrefix: 'spdx-json=', content: '{"spdxVersion":"SPDX-2.3"}' }],
    });
    const target = path.join(dir, 'sbom.spdx.json');
    const result = spawnSync(fake.path, ['scan', '-o', 'table', '-o', `spdx-json=${target}`], {
      input: 'from stdin',
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(JSON.parse(await readFile(target, 'utf8'))).toEqual({ spdxVersion: 'SPDX-2.3' });
    expect(fake.invocations()[0]?.stdin).toBe('from stdin');
  });
});

describe('startToolMirror', () => {
  let mirror: ToolMirror;
  beforeAll(async () => {
    mirror = await startToolMirror();
  });
  afterAll(() => mirror.close());

  it('serves the release and host layouts, 404 otherwise, and records requests', async () => {
    const release = mirror.serveRelease('aquasecurity/trivy', 'v1.0.0', 'trivy.tar.gz', 'release bytes');
    const host = mirror.serveHost('dl.k8s.io', '/release/v1.32.0/bin/linux/amd64/kubectl', 'host bytes');
    expect(release).toBe(`${mirror.url}/aquasecurity/trivy/releases/download/v1.0.0/trivy.tar.gz`);
    expect(host).toBe(`${mirror.url}/dl.k8s.io/release/v1.32.0/bin/linux/amd64/kubectl`);
    expect(await (await fetch(release)).text()).toBe('release bytes');
    expect(await (await fetch(host)).text()).toBe('host bytes');
    expect((await fetch(`${mirror.url}/nothing/here`)).status).toBe(404);
    expect(mirror.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /aquasecurity/trivy/releases/download/v1.0.0/trivy.tar.gz',
      'GET /dl.k8s.io/release/v1.32.0/bin/linux/amd64/kubectl',
      'GET /nothing/here',
    ]);
  });

  it('fails the next requests as told, then serves', async () => {
    mirror.serve('/flaky', 'finally');
    mirror.failNext('/flaky', [503, 429], { 'Retry-After': '0' });
    const first = await fetch(`${mirror.url}/flaky`);
    const second = await fetch(`${mirror.url}/flaky`);
    expect([first.status, second.status]).toEqual([503, 429]);
    expect(second.headers.get('retry-after')).toBe('0');
    expect(await (await fetch(`${mirror.url}/flaky`)).text()).toBe('finally');
    mirror.resetConnectionNext('/flaky', 1);
    await expect(fetch(`${mirror.url}/flaky`)).rejects.toThrow();
    expect((await fetch(`${mirror.url}/flaky`)).status).toBe(200);
  });

  it('builds archives that the system tools unpack', async () => {
    const dir = await tempDir('archives-');
    await writeFile(
      path.join(dir, 'a.tar.gz'),
      makeTarGz({ 'bin/tool': '#!/bin/sh\necho hi\n' }, { 'bin/tool': 0o755 }),
    );
    await writeFile(path.join(dir, 'a.zip'), makeZip({ 'bin/tool': 'zipped', 'README.md': 'r' }));
    await mkdir(path.join(dir, 't'));
    await mkdir(path.join(dir, 'z'));
    expect(spawnSync('tar', ['-xzf', path.join(dir, 'a.tar.gz'), '-C', path.join(dir, 't')]).status).toBe(0);
    expect(spawnSync('unzip', ['-q', path.join(dir, 'a.zip'), '-d', path.join(dir, 'z')]).status).toBe(0);
    expect(spawnSync(path.join(dir, 't', 'bin', 'tool'), { encoding: 'utf8' }).stdout).toBe('hi\n');
    expect(await readFile(path.join(dir, 'z', 'bin', 'tool'), 'utf8')).toBe('zipped');
  });
});
