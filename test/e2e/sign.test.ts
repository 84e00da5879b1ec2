import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomUUID } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TOOL_MANIFEST } from '../../lib/tools/manifest.js';
import { createFakeExecutable, type FakeCase, type FakeExecutable, type Invocation } from '../fakes/fake-executable.js';
import { buildImage, pushImage } from '../fakes/oci-image.js';
import { startRegistry, type Registry } from '../fakes/oci-registry.js';
import { decodeJwt, GITHUB_OIDC_ISSUER, startOidcServer } from '../fakes/oidc-server.js';
import { makeTarGz, startToolMirror, type ToolMirror } from '../fakes/tool-mirror.js';
import { assertNoStackTrace, runAction, type ActionResult } from '../harness/run-action.js';

/*
 * actions/sign end to end: the committed dist, run like the runner runs it.
 * notation and the notation-azure-kv plugin are fakes installed through the
 * action's own installer from a local mirror (release layout, checksums
 * given as notation-sha256 / plugin-sha256). The fake notation checks the
 * argv it gets and replays real `notation inspect` JSON; before signing it
 * looks for the plugin where real notation would, and runs it, as real
 * notation does. The images are real ones in a real registry on 127.0.0.1,
 * so tag → digest resolution is real. The azure-login environment is set
 * in the step's env.
 */

const NOTATION_VERSION = '1.3.2';
const PLUGIN_VERSION = '1.2.1';
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/notation');
const NO_SIGNATURE = path.join(FIXTURES, 'inspect-with-no-signature-in-json-format.json');
const SIGNED_TIMESTAMPED = path.join(FIXTURES, 'inspect-with-timestamped-oci-layout-and-output-in-json.json');
const SIGNED_BAD_TIMESTAMP = path.join(FIXTURES, 'inspect-with-invalid-timestamp-signature-in-json-format.json');
const SIGNATURE_A = 'sha256:6a5cd3a886707a317935dcaf13954fc80ef9aeb665262b6ae4fe469ad7ea3aea';
const SIGNATURE_B = 'sha256:eee3eec7d2947f77713484753bea67879ff62c08a73a49a41151ed18c4d1c000';
const KEY_ID = 'https://release-vault.vault.azure.net/keys/image-signing/0123456789abcdef0123456789abcdef';
const CLIENT = '0b7e9a3c-5d41-4f7a-9c2e-1a2b3c4d5e6f';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const AUTHORITY = 'https://login.microsoftonline.example/';
const IDENTITY = 'x509.subject: C=US, ST=WA, O=Notary';
const TIMEOUT = 120_000;

let scratch: string;
let mirror: ToolMirror;
let registry: Registry;
let digestA: string;
let digestB: string;
let refA: string;
let refB: string;
const results: ActionResult[] = [];

/** A GitHub ID token shaped like the one actions/azure-login writes; made at run time so no token is committed. */
function federatedToken(): string {
  const part = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const claims = {
    iss: 'https://token.actions.githubusercontent.com',
    aud: 'api://AzureADTokenExchange',
    exp: 4102444800,
    jti: randomUUID(),
  };
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.${Buffer.from(randomUUID()).toString('base64url')}`;
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'sign-e2e-'));
  mirror = await startToolMirror();
  registry = await startRegistry();
  const app = await buildImage({ files: { 'app/server.js': 'console.log("app")\n' }, tag: '1.0' });
  const api = await buildImage({ files: { 'api/server.js': 'console.log("api")\n' }, tag: '2.0' });
  try {
    digestA = await pushImage(app.layoutDir, '1.0', registry.host, 'team/app');
    digestB = await pushImage(api.layoutDir, '2.0', registry.host, 'team/api');
  } finally {
    app.remove();
    api.remove();
  }
  refA = `${registry.host}/team/app@${digestA}`;
  refB = `${registry.host}/team/api@${digestB}`;
}, TIMEOUT);

afterAll(async () => {
  await mirror?.close();
  await registry?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

afterEach(async () => {
  for (const result of results.splice(0)) await result.cleanup();
});

interface Fakes {
  readonly notation: FakeExecutable;
  readonly plugin: FakeExecutable;
  /** What the wrapper saw: the trust policy imported, the certificates added. */
  readonly captured: string;
  /** What the wrapper saw of AZURE_FEDERATED_TOKEN_FILE at each `sign`, in order. */
  tokenFiles(): TokenFileSeen[];
  readonly notationSha256: string;
  readonly pluginSha256: string;
}

interface TokenFileSeen {
  readonly file: string;
  readonly exists: boolean;
  readonly mode?: number;
  readonly dirMode?: number;
  readonly content?: string;
  readonly at: number;
}

const ENV_SEEN = [
  'NOTATION_CONFIG',
  'NOTATION_LIBEXEC',
  'NOTATION_CACHE',
  'XDG_CONFIG_HOME',
  'AZURE_CLIENT_ID',
  'AZURE_TENANT_ID',
  'AZURE_FEDERATED_TOKEN_FILE',
  'AZURE_AUTHORITY_HOST',
  'AZURE_CLIENT_SECRET',
];

/**
 * The fakes for one run, served on the mirror as notation's and the plugin's
 * release archives. The archived `notation` is a small Node wrapper: for
 * `sign` it runs `<NOTATION_LIBEXEC>/plugins/azure-kv/notation-azure-kv
 * get-plugin-metadata` as real notation does (and fails when the plugin is
 * not there); for `policy import` and `cert add` it keeps a copy of the files
 * it is given; then it hands the argv to the fake, which checks it.
 */
function installFakes(cases: FakeCase[]): Fakes {
  const dir = mkdtempSync(path.join(scratch, 'fakes-'));
  const captured = path.join(dir, 'captured');
  mkdirSync(captured);
  const tokens = path.join(dir, 'tokens');
  mkdirSync(tokens);
  const notation = createFakeExecutable(dir, 'notation-fake', {
    recordEnv: ENV_SEEN,
    cases: [
      {
        expect: ['version'],
        stdout: `Notation - a tool to sign and verify artifacts.\n\nVersion:     ${NOTATION_VERSION}\nGo version:  go1.23.8\nOS/Arch:     linux/amd64\nGit commit:  4f1a1cfe\n`,
      },
      ...cases,
    ],
  });
  const plugin = createFakeExecutable(dir, 'notation-azure-kv', {
    recordEnv: ENV_SEEN,
    recordStdin: true,
    cases: [
      {
        expect: ['get-plugin-metadata'],
        stdout: JSON.stringify({
          name: 'azure-kv',
          description: 'Notation Azure Key Vault plugin',
          version: PLUGIN_VERSION,
          url: 'https://github.com/Azure/notation-azure-kv',
          supportedContractVersions: ['1.0'],
          capabilities: ['SIGNATURE_GENERATOR.RAW'],
        }),
      },
    ],
  });
  const wrapper = [
    `#!${process.execPath}`,
    `'use strict';`,
    `const { spawnSync } = require('node:child_process');`,
    `const fs = require('node:fs');`,
    `const path = require('node:path');`,
    `const argv = process.argv.slice(2);`,
    `const captured = ${JSON.stringify(captured)};`,
    `if (argv[0] === 'sign') {`,
    `  const file = process.env.AZURE_FEDERATED_TOKEN_FILE || '';`,
    `  const seen = { file, exists: false, at: Date.now() };`,
    `  try { const st = fs.statSync(file); Object.assign(seen, { exists: st.isFile(), mode: st.mode & 0o777, dirMode: fs.statSync(path.dirname(file)).mode & 0o777, content: fs.readFileSync(file, 'utf8') }); } catch {}`,
    `  const log = ${JSON.stringify(tokens)};`,
    `  const n = fs.readdirSync(log).length;`,
    `  fs.writeFileSync(path.join(log, String(n).padStart(4, '0') + '.json'), JSON.stringify(seen));`,
    `  // A slow first signature, so that the job outlives the first ID token.`,
    `  const delay = Number(process.env.FAKE_NOTATION_FIRST_SIGN_DELAY_MS || 0);`,
    `  if (n === 0 && delay > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, delay);`,
    `  const plugin = path.join(process.env.NOTATION_LIBEXEC || '', 'plugins', 'azure-kv', 'notation-azure-kv');`,
    `  let ok = false;`,
    `  try { ok = fs.statSync(plugin).isFile(); fs.accessSync(plugin, fs.constants.X_OK); } catch { ok = false; }`,
    `  if (!ok) { process.stderr.write('Error: plugin azure-kv is not installed at ' + plugin + '\\n'); process.exit(1); }`,
    `  const meta = spawnSync(plugin, ['get-plugin-metadata'], { input: '{"contractVersion":"1.0"}', encoding: 'utf8', timeout: 30000 });`,
    `  if (meta.status !== 0) { process.stderr.write('Error: plugin azure-kv failed: ' + meta.stderr); process.exit(1); }`,
    `}`,
    `if (argv[0] === 'policy' && argv[1] === 'import') fs.copyFileSync(argv[argv.length - 1], path.join(captured, 'trustpolicy.json'));`,
    `if (argv[0] === 'cert' && argv[1] === 'add') for (const f of argv.slice(argv.indexOf('--') + 1)) fs.copyFileSync(f, path.join(captured, path.basename(f)));`,
    `const run = spawnSync(${JSON.stringify(notation.path)}, argv, { stdio: 'inherit', timeout: 60000 });`,
    `process.exit(run.status === null ? 1 : run.status);`,
    '',
  ].join('\n');
  const notationArchive = makeTarGz({ notation: wrapper }, { notation: 0o755 });
  const pluginArchive = makeTarGz(
    { 'notation-azure-kv': readFileSync(plugin.path), LICENSE: 'MIT\n' },
    { 'notation-azure-kv': 0o755 },
  );
  const notationFile = TOOL_MANIFEST.notation.locate(NOTATION_VERSION, 'linux-x64')!.file;
  const pluginFile = TOOL_MANIFEST['notation-azure-kv'].locate(PLUGIN_VERSION, 'linux-x64')!.file;
  mirror.serveRelease('notaryproject/notation', `v${NOTATION_VERSION}`, notationFile, notationArchive);
  mirror.serveRelease('Azure/notation-azure-kv', `v${PLUGIN_VERSION}`, pluginFile, pluginArchive);
  const tokenFiles = (): TokenFileSeen[] =>
    readdirSync(tokens)
      .sort()
      .map((f) => JSON.parse(readFileSync(path.join(tokens, f), 'utf8')) as TokenFileSeen);
  return {
    notation,
    plugin,
    captured,
    tokenFiles,
    notationSha256: sha256(notationArchive),
    pluginSha256: sha256(pluginArchive),
  };
}

/** `notation inspect` of ref replays state (no signature until `sign` replaces it with signed). */
function signCases(ref: string, signed: string, options: { fail?: string } = {}): FakeCase[] {
  const state = path.join(mkdtempSync(path.join(scratch, 'state-')), 'inspect.json');
  copyFileSync(NO_SIGNATURE, state);
  return [
    { expect: ['inspect', '--output', 'json', '--insecure-registry', '--', ref], stdout: { file: state } },
    {
      expect: {
        startsWith: ['sign', '--id', KEY_ID, '--plugin', 'azure-kv'],
        flags: { '--signature-format': 'cose' },
        includes: ['--insecure-registry', '--', ref],
        patterns: ['^self_signed=true$', '^credential_type=workloadid$'],
      },
      ...(options.fail
        ? { stderr: `Error: ${options.fail}\n`, exitCode: 1 }
        : { files: [{ path: state, copy: signed }], stdout: `Successfully signed ${ref}\n` }),
    },
  ];
}

function azureEnv(tokenFile: string): Record<string, string> {
  return {
    AZURE_CLIENT_ID: CLIENT,
    AZURE_TENANT_ID: TENANT,
    AZURE_FEDERATED_TOKEN_FILE: tokenFile,
    AZURE_AUTHORITY_HOST: AUTHORITY,
    // A client secret left in the environment by some other step: notation and its plugin must not get it.
    AZURE_CLIENT_SECRET: `not-for-notation-${randomUUID()}`,
  };
}

async function sign(
  fakes: Fakes,
  inputs: Record<string, string>,
  env: Record<string, string | undefined>,
): Promise<ActionResult> {
  const result = await runAction('sign', {
    timeoutMs: TIMEOUT,
    env,
    inputs: {
      'tool-mirror': mirror.url,
      'notation-version': NOTATION_VERSION,
      'notation-sha256': fakes.notationSha256,
      'plugin-version': PLUGIN_VERSION,
      'plugin-sha256': fakes.pluginSha256,
      ...inputs,
    },
  });
  results.push(result);
  return result;
}

function tokenFile(token: string): string {
  const file = path.join(mkdtempSync(path.join(scratch, 'azure-login-')), 'federated-token');
  writeFileSync(file, token, { mode: 0o600 });
  return file;
}

/** A secret may appear in the log only as the value of its own `::add-mask::` line. */
function expectNowhere(result: ActionResult, secret: string, invocations: readonly Invocation[]): void {
  for (const form of [secret, Buffer.from(secret).toString('base64')]) {
    const leaks = result.log.split(/\r?\n/).filter((line) => line.includes(form) && line !== `::add-mask::${form}`);
    expect(leaks).toEqual([]);
    expect(result.summary).not.toContain(form);
    expect(JSON.stringify(result.outputs)).not.toContain(form);
    for (const call of invocations) expect(call.argv.join(' ')).not.toContain(form);
  }
}

/** The step's own notation configuration is gone: nothing of it stays in RUNNER_TEMP. */
function expectNotationHomeRemoved(result: ActionResult): void {
  expect(readdirSync(result.runnerTemp).filter((name) => name.startsWith('devsecops-notation'))).toEqual([]);
}

const DIGEST_REF = /^[^@\s]+@sha256:[a-f0-9]{64}$/;

describe('actions/sign, mode sign', () => {
  it(
    'resolves the tag, signs only digests with the Key Vault key as workload identity, and outputs the signatures',
    async () => {
      const fakes = installFakes([...signCases(refA, SIGNED_TIMESTAMPED), ...signCases(refB, SIGNED_BAD_TIMESTAMP)]);
      const token = federatedToken();
      const env = azureEnv(tokenFile(token));
      const result = await sign(
        fakes,
        {
          images: `${registry.host}/team/app:1.0\n${refB}\n`,
          'key-id': KEY_ID,
          'self-signed': 'true',
          annotations: 'team=payments\norg.opencontainers.image.source=https://example.com/mirror',
        },
        env,
      );
      expect(result.annotations.filter((a) => a.level === 'error')).toEqual([]);
      expect(result.exitCode).toBe(0);
      assertNoStackTrace(result.log);

      expect(result.outputs).toEqual({ digests: `${refA}\n${refB}`, signatures: `${SIGNATURE_A}\n${SIGNATURE_B}` });

      // Only digests reach notation; the tag was resolved by the action against the real registry.
      const calls = fakes.notation.invocations();
      expect(calls.map((c) => c.rejected)).toEqual(calls.map(() => undefined));
      expect(calls.map((c) => `${c.argv[0]} ${c.argv[c.argv.length - 1]}`)).toEqual([
        'version version',
        `inspect ${refA}`,
        `sign ${refA}`,
        `inspect ${refA}`,
        `inspect ${refB}`,
        `sign ${refB}`,
        `inspect ${refB}`,
      ]);
      for (const call of calls.slice(1)) expect(call.argv[call.argv.length - 1]).toMatch(DIGEST_REF);
      expect(calls.flatMap((c) => c.argv).some((a) => a.includes(':1.0'))).toBe(false);

      // The exact sign command: plugin config, envelope, run and commit metadata, the user's annotations last.
      expect(calls[2]!.argv).toEqual([
        'sign',
        '--id',
        KEY_ID,
        '--plugin',
        'azure-kv',
        '--plugin-config',
        'self_signed=true',
        '--plugin-config',
        'credential_type=workloadid',
        '--signature-format',
        'cose',
        '--user-metadata',
        'io.github.actions.run-url=https://github.com/octo-org/octo-repo/actions/runs/1658821493/attempts/1',
        '--user-metadata',
        'io.github.actions.workflow-ref=octo-org/octo-repo/.github/workflows/ci.yml@refs/heads/main',
        '--user-metadata',
        'io.github.actions.ref=refs/heads/main',
        '--user-metadata',
        'org.opencontainers.image.revision=ffac537e6cbbf934b08745a378932722df287a53',
        '--user-metadata',
        'team=payments',
        '--user-metadata',
        'org.opencontainers.image.source=https://example.com/mirror',
        '--insecure-registry',
        '--',
        refA,
      ]);

      // notation ran in a configuration of its own under RUNNER_TEMP, with the workload identity and nothing else.
      const runnerTemp = result.runnerTemp;
      for (const call of calls) {
        expect(call.env['NOTATION_CONFIG']!.startsWith(runnerTemp + path.sep)).toBe(true);
        expect(call.env['NOTATION_LIBEXEC']).toBe(call.env['NOTATION_CONFIG']);
        expect(call.env['AZURE_CLIENT_SECRET']).toBeUndefined();
      }
      const signs = calls.filter((c) => c.argv[0] === 'sign');
      for (const call of signs) {
        expect(call.env).toMatchObject({
          AZURE_CLIENT_ID: CLIENT,
          AZURE_TENANT_ID: TENANT,
          AZURE_FEDERATED_TOKEN_FILE: env['AZURE_FEDERATED_TOKEN_FILE'],
          AZURE_AUTHORITY_HOST: AUTHORITY,
        });
      }
      // Without ID token variables, the file azure-login wrote is what notation found at call time.
      expect(fakes.tokenFiles().map((s) => [s.file, s.exists, s.content])).toEqual([
        [env['AZURE_FEDERATED_TOKEN_FILE'], true, token],
        [env['AZURE_FEDERATED_TOKEN_FILE'], true, token],
      ]);
      // The plugin was installed where notation looks for it, and got the same environment.
      const pluginCalls = fakes.plugin.invocations();
      expect(pluginCalls).toHaveLength(2);
      for (const call of pluginCalls) {
        expect(call.argv).toEqual(['get-plugin-metadata']);
        expect(call.env).toMatchObject({
          AZURE_CLIENT_ID: CLIENT,
          AZURE_FEDERATED_TOKEN_FILE: env['AZURE_FEDERATED_TOKEN_FILE'],
        });
        expect(call.env['AZURE_CLIENT_SECRET']).toBeUndefined();
      }
      expectNotationHomeRemoved(result);

      // Both tools came from the mirror, checksum-verified by the installer.
      expect(mirror.requests.some((r) => r.path.endsWith(`/notation_${NOTATION_VERSION}_linux_amd64.tar.gz`))).toBe(
        true,
      );
      expect(
        mirror.requests.some((r) => r.path.endsWith(`/notation-azure-kv_${PLUGIN_VERSION}_linux_amd64.tar.gz`)),
      ).toBe(true);

      // The summary: images as given and by digest, signature digests, the key id.
      expect(result.summary).toContain('Signed 2 of 2 images with notation and Azure Key Vault');
      expect(result.summary).toContain(KEY_ID);
      for (const text of [`${registry.host}/team/app:1.0`, refA, refB, SIGNATURE_A, SIGNATURE_B, 'payments']) {
        expect(result.summary).toContain(text);
      }
      // The token: masked before use, and nowhere else (log, summary, outputs, any command line).
      expect(result.masked).toContain(token);
      expectNowhere(result, token, [...calls, ...pluginCalls]);
      expectNowhere(result, env['AZURE_CLIENT_SECRET']!, [...calls, ...pluginCalls]);
    },
    TIMEOUT,
  );

  it(
    'requests a fresh GitHub ID token for every signature, in a private file that exists only during that call',
    async () => {
      const LIFETIME_SECONDS = 3;
      const oidc = await startOidcServer({ lifetimeSeconds: LIFETIME_SECONDS });
      try {
        const fakes = installFakes([...signCases(refA, SIGNED_TIMESTAMPED), ...signCases(refB, SIGNED_BAD_TIMESTAMP)]);
        // azure-login's token file is there too, but the step does not use it when it can request fresh tokens.
        const stale = federatedToken();
        const staleFile = tokenFile(stale);
        const env = {
          ...azureEnv(staleFile),
          ...oidc.env,
          FAKE_NOTATION_FIRST_SIGN_DELAY_MS: String(LIFETIME_SECONDS * 1000 + 500),
        };
        const result = await sign(fakes, { images: `${refA}\n${refB}`, 'key-id': KEY_ID, 'self-signed': 'true' }, env);
        expect(result.annotations.filter((a) => a.level === 'error')).toEqual([]);
        expect(result.exitCode).toBe(0);
        assertNoStackTrace(result.log);
        expect(result.outputs).toEqual({ digests: `${refA}\n${refB}`, signatures: `${SIGNATURE_A}\n${SIGNATURE_B}` });

        // One ID token per signature, for Entra ID's token exchange, each one new.
        expect(oidc.refused).toEqual([]);
        expect(oidc.issued.map((i) => i.audience)).toEqual([
          'api://AzureADTokenExchange',
          'api://AzureADTokenExchange',
        ]);
        const issued = oidc.issued.map((i) => i.token);
        expect(new Set(issued).size).toBe(2);

        // At call time notation found the token file, private, under RUNNER_TEMP, holding the token just issued.
        const seen = fakes.tokenFiles();
        expect(seen.map((s) => s.content)).toEqual(issued);
        for (const s of seen) {
          expect(s).toMatchObject({ exists: true, mode: 0o600, dirMode: 0o700 });
          expect(s.file.startsWith(result.runnerTemp + path.sep)).toBe(true);
          expect(s.file).not.toBe(staleFile);
          const claims = decodeJwt(s.content!).claims;
          expect(claims['iss']).toBe(GITHUB_OIDC_ISSUER);
          expect((claims['exp'] as number) * 1000).toBeGreaterThan(s.at);
          // Removed after the call, and its directory at the end of the step.
          expect(existsSync(s.file)).toBe(false);
          expect(existsSync(path.dirname(s.file))).toBe(false);
        }
        // The job outlived the first token: the second signature still had a valid one.
        expect((decodeJwt(issued[0]!).claims['exp'] as number) * 1000).toBeLessThan(seen[1]!.at);

        // Only `sign` (and the plugin it runs) got the token file; no other notation call.
        const calls = fakes.notation.invocations();
        expect(calls.map((c) => c.rejected)).toEqual(calls.map(() => undefined));
        expect(calls.filter((c) => c.argv[0] === 'sign').map((c) => c.env['AZURE_FEDERATED_TOKEN_FILE'])).toEqual(
          seen.map((s) => s.file),
        );
        for (const call of calls.filter((c) => c.argv[0] !== 'sign')) {
          expect(call.env['AZURE_FEDERATED_TOKEN_FILE']).toBeUndefined();
        }
        const pluginCalls = fakes.plugin.invocations();
        expect(pluginCalls.map((c) => c.env['AZURE_FEDERATED_TOKEN_FILE'])).toEqual(seen.map((s) => s.file));
        for (const call of [...calls.filter((c) => c.argv[0] === 'sign'), ...pluginCalls]) {
          expect(call.env).toMatchObject({
            AZURE_CLIENT_ID: CLIENT,
            AZURE_TENANT_ID: TENANT,
            AZURE_AUTHORITY_HOST: AUTHORITY,
          });
          expect(call.env['AZURE_CLIENT_SECRET']).toBeUndefined();
        }

        // Every token is masked, and nowhere else: log, summary, outputs, any command line.
        for (const token of issued) {
          expect(result.masked).toContain(token);
          expectNowhere(result, token, [...calls, ...pluginCalls]);
        }
        expect(readdirSync(result.runnerTemp).filter((name) => name.startsWith('devsecops-sign-token'))).toEqual([]);
        expectNotationHomeRemoved(result);
      } finally {
        await oidc.close();
      }
    },
    TIMEOUT,
  );

  it(
    'signs every image even when Key Vault refuses one, then fails naming it',
    async () => {
      const refusal = 'failed to sign: azure-kv: AuthenticationFailed: the federated credential does not match';
      const fakes = installFakes([
        ...signCases(refB, SIGNED_BAD_TIMESTAMP, { fail: refusal }),
        ...signCases(refA, SIGNED_TIMESTAMPED),
      ]);
      const token = federatedToken();
      const result = await sign(
        fakes,
        { images: `${refB}\n${registry.host}/team/app:1.0`, 'key-id': KEY_ID, 'self-signed': 'true' },
        azureEnv(tokenFile(token)),
      );
      expect(result.exitCode).toBe(1);
      assertNoStackTrace(result.log);
      const errors = result.annotations.filter((a) => a.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).toBe(
        `signing failed for 1 of 2 images: ${refB}: notation exited with code 1: Error: ${refusal}`,
      );
      expect(
        fakes.notation
          .invocations()
          .filter((c) => c.argv[0] === 'sign')
          .map((c) => c.argv.at(-1)),
      ).toEqual([refB, refA]);
      expect(result.outputs).toEqual({ digests: `${refB}\n${refA}` });
      expect(result.summary).toContain('Signed 1 of 2 images');
      expect(result.summary).toContain(`not signed: notation exited with code 1: Error: ${refusal}`);
      expect(result.summary).toContain(SIGNATURE_A);
      expectNowhere(result, token, fakes.notation.invocations());
      expectNotationHomeRemoved(result);
    },
    TIMEOUT,
  );

  it(
    'refuses to start without the federated token of actions/azure-login, before any download',
    async () => {
      const fakes = installFakes([]);
      const before = mirror.requests.length;
      const result = await sign(
        fakes,
        { images: refA, 'key-id': KEY_ID, 'self-signed': 'true' },
        { AZURE_CLIENT_ID: CLIENT, AZURE_TENANT_ID: TENANT, AZURE_FEDERATED_TOKEN_FILE: undefined },
      );
      expect(result.exitCode).toBe(1);
      const errors = result.annotations.filter((a) => a.level === 'error');
      expect(errors.map((e) => e.message)).toEqual([
        "mode 'sign' signs as the workload identity of actions/azure-login, and AZURE_FEDERATED_TOKEN_FILE is not set; run actions/azure-login (with export-env: true, its default) earlier in the job",
      ]);
      assertNoStackTrace(result.log);
      expect(mirror.requests.length).toBe(before);
      expect(fakes.notation.invocations()).toEqual([]);
      expect(result.outputs).toEqual({});
    },
    TIMEOUT,
  );
});

describe('actions/sign, mode verify', () => {
  function workspaceWithCerts(): string {
    const ws = mkdtempSync(path.join(scratch, 'ws-'));
    mkdirSync(path.join(ws, 'certs'));
    writeFileSync(
      path.join(ws, 'certs', 'root-ca.pem'),
      '-----BEGIN CERTIFICATE-----\nMIIBroot\n-----END CERTIFICATE-----\n',
    );
    writeFileSync(path.join(ws, 'certs', 'README.md'), 'not a certificate\n');
    return ws;
  }

  async function verify(fakes: Fakes, ws: string, inputs: Record<string, string>): Promise<ActionResult> {
    const result = await runAction('sign', {
      timeoutMs: TIMEOUT,
      workspace: ws,
      inputs: {
        mode: 'verify',
        'tool-mirror': mirror.url,
        'notation-version': NOTATION_VERSION,
        'notation-sha256': fakes.notationSha256,
        ...inputs,
      },
    });
    results.push(result);
    return result;
  }

  it(
    'generates the trust policy, verifies every image, then fails naming the one that failed, after the summary',
    async () => {
      const ws = workspaceWithCerts();
      const failure = `signature verification failed for all the signatures associated with ${refB}`;
      const fakes = installFakes([
        {
          expect: { startsWith: ['cert', 'add', '--type', 'ca', '--store', 'devsecops', '--'] },
          stdout: 'Successfully added following certificates\n',
        },
        {
          expect: { startsWith: ['policy', 'import', '--force', '--'] },
          stdout: 'Trust policy configuration imported successfully.\n',
        },
        { expect: ['verify', '--insecure-registry', '--', refB], stderr: `Error: ${failure}\n`, exitCode: 1 },
        {
          expect: ['verify', '--insecure-registry', '--', refA],
          stdout: `Successfully verified signature for ${refA}\n`,
        },
      ]);
      const result = await verify(fakes, ws, {
        images: `${registry.host}/team/api:2.0\n${registry.host}/team/app:1.0`,
        'trust-store-certs': 'certs',
        'trusted-identities': IDENTITY,
      });
      expect(result.exitCode).toBe(1);
      assertNoStackTrace(result.log);
      const errors = result.annotations.filter((a) => a.level === 'error');
      expect(errors.map((e) => e.message)).toEqual([
        `signature verification failed for 1 of 2 images: ${registry.host}/team/api:2.0 (${refB}): ${failure}`,
      ]);
      expect(result.outputs).toEqual({ digests: `${refB}\n${refA}`, verified: 'false' });

      // Every image was verified, by digest only.
      const calls = fakes.notation.invocations();
      expect(calls.map((c) => c.rejected)).toEqual(calls.map(() => undefined));
      expect(calls.filter((c) => c.argv[0] === 'verify').map((c) => c.argv.at(-1))).toEqual([refB, refA]);
      // The certificates (not the README) went to the trust store, and this policy was imported.
      const certAdd = calls.find((c) => c.argv[0] === 'cert')!;
      expect(certAdd.argv.slice(certAdd.argv.indexOf('--') + 1)).toEqual([path.join(ws, 'certs', 'root-ca.pem')]);
      expect(readdirSync(fakes.captured).sort()).toEqual(['root-ca.pem', 'trustpolicy.json']);
      expect(JSON.parse(readFileSync(path.join(fakes.captured, 'trustpolicy.json'), 'utf8'))).toEqual({
        version: '1.0',
        trustPolicies: [
          {
            name: 'devsecops-images',
            registryScopes: [`${registry.host}/team/api`, `${registry.host}/team/app`],
            signatureVerification: { level: 'strict' },
            trustStores: ['ca:devsecops'],
            trustedIdentities: [IDENTITY],
          },
        ],
      });
      // The summary was written before the step failed: both images, the failure, the policy.
      expect(result.summary).toContain('Verified 1 of 2 images with notation');
      expect(result.summary).toContain(`not verified: ${failure}`);
      expect(result.summary).toContain(refA);
      expect(result.summary).toContain('"registryScopes"');
      expect(fakes.plugin.invocations()).toEqual([]);
      expectNotationHomeRemoved(result);
    },
    TIMEOUT,
  );

  it(
    'imports a given trust policy with its stores filled from directories named after them, and outputs verified',
    async () => {
      const ws = workspaceWithCerts();
      const policy = {
        version: '1.0',
        trustPolicies: [
          {
            name: 'release',
            registryScopes: [`${registry.host}/team/app`],
            signatureVerification: { level: 'strict' },
            trustStores: ['ca:certs'],
            trustedIdentities: [IDENTITY],
          },
        ],
      };
      writeFileSync(path.join(ws, 'trustpolicy.json'), `${JSON.stringify(policy, null, 2)}\n`);
      const fakes = installFakes([
        { expect: { startsWith: ['cert', 'add', '--type', 'ca', '--store', 'certs', '--'] } },
        { expect: ['policy', 'import', '--force', '--', path.join(ws, 'trustpolicy.json')] },
        {
          expect: ['verify', '--insecure-registry', '--', refA],
          stdout: `Successfully verified signature for ${refA}\n`,
        },
      ]);
      const result = await verify(fakes, ws, {
        images: refA,
        'trust-policy': 'trustpolicy.json',
        'trust-store-certs': 'certs',
      });
      expect(result.annotations.filter((a) => a.level === 'error')).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect(result.outputs).toEqual({ digests: refA, verified: 'true' });
      expect(JSON.parse(readFileSync(path.join(fakes.captured, 'trustpolicy.json'), 'utf8'))).toEqual(policy);
      expect(fakes.notation.invocations().map((c) => c.rejected)).toEqual([undefined, undefined, undefined, undefined]);
      expect(result.summary).toContain('Verified 1 of 1 image with notation');
      expect(existsSync(path.join(ws, 'trustpolicy.json'))).toBe(true);
      expectNotationHomeRemoved(result);
    },
    TIMEOUT,
  );

  it(
    'fails for an image the registry does not have, before running notation',
    async () => {
      const ws = workspaceWithCerts();
      const fakes = installFakes([]);
      const missing = `${registry.host}/team/app@sha256:${'0'.repeat(64)}`;
      const result = await verify(fakes, ws, {
        images: missing,
        'trust-store-certs': 'certs',
        'trusted-identities': '*',
      });
      expect(result.exitCode).toBe(1);
      assertNoStackTrace(result.log);
      const errors = result.annotations.filter((a) => a.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).toContain('was not found in the registry');
      expect(fakes.notation.invocations()).toEqual([]);
    },
    TIMEOUT,
  );
});
