import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigurationError, OperationError } from '../../../lib/runtime/errors.js';
import { assetUrl, resolveToolMirror } from '../../../lib/tools/asset-url.js';
import type { RetryPolicy } from '../../../lib/tools/download.js';
import { ToolInstaller, type InstalledTool, type InstallRequest } from '../../../lib/tools/installer.js';
import { currentPlatform } from '../../../lib/tools/platform.js';
import type { AssetLocation, PinnedTool, Platform, ToolName } from '../../../lib/tools/types.js';
import { captureOutput, setEnv } from '../../harness/capture.js';
import { parsePathFile } from '../../harness/file-commands.js';
import { makeTarGz, makeZip, startToolMirror, type ToolMirror } from '../../fakes/tool-mirror.js';

/*
 * ToolInstaller against a local mirror serving real archives of a test
 * manifest. The checksums below are of these test archives, computed here.
 */

jest.setTimeout(30_000);

const VERSION = '1.2.3';
const OTHER_VERSION = '1.3.0';
const script = (version: string): string => `#!/bin/sh\necho fake-tool ${version}\n`;
const PLATFORM: Platform = currentPlatform() ?? 'linux-x64';
const ARCH = PLATFORM.split('-')[1] ?? process.arch;
/** Retries without waiting long; no test asserts on time. */
const FAST: RetryPolicy = { attempts: 4, baseDelayMs: 1, maxDelayMs: 5, maxTotalMs: 60_000 };

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

function githubTool(
  repo: string,
  file: (v: string) => string,
  executable: string,
  archive: Buffer,
  version = VERSION,
): PinnedTool {
  return {
    version,
    source: { kind: 'github-release', repo, tag: (v) => `v${v}` },
    executable: () => executable,
    locate: (v) => ({ file: file(v) }),
    assets: { [PLATFORM]: { file: file(version), sha256: sha256(archive) } },
    provenance: { published: 'test archive', confirmedBy: 'computed by the test' },
  };
}

function urlTool(host: string, locate: (v: string) => AssetLocation, executable: string, archive: Buffer): PinnedTool {
  return {
    version: VERSION,
    source: { kind: 'url', host },
    executable: () => executable,
    locate: (v) => locate(v),
    assets: { [PLATFORM]: { file: locate(VERSION).file, sha256: sha256(archive) } },
    provenance: { published: 'test archive', confirmedBy: 'computed by the test' },
  };
}

const trivyFile = (v: string): string => `trivy_${v}_Linux-64bit.tar.gz`;
const trivyPath = (v: string): string => `/aquasecurity/trivy/releases/download/v${v}/${trivyFile(v)}`;
const syftFile = (v: string): string => `syft_${v}_linux_amd64.zip`;
const syftPath = (v: string): string => `/anchore/syft/releases/download/v${v}/${syftFile(v)}`;
const kubectlLocation = (v: string): AssetLocation => ({
  file: 'kubectl',
  path: `release/v${v}/bin/linux/amd64/kubectl`,
});
const helmLocation = (v: string): AssetLocation => ({ file: `helm-v${v}-linux-amd64.tar.gz` });

let mirror: ToolMirror;
let archives: { trivy: Buffer; trivyOther: Buffer; syft: Buffer; kubectl: Buffer; helm: Buffer; notation: Buffer };

function manifest(overrides: Partial<Record<ToolName, PinnedTool>> = {}): Record<ToolName, PinnedTool> {
  const trivy = githubTool('aquasecurity/trivy', trivyFile, 'trivy', archives.trivy);
  return {
    trivy,
    syft: githubTool('anchore/syft', syftFile, 'syft', archives.syft),
    notation: githubTool(
      'notaryproject/notation',
      (v) => `notation_${v}_linux_amd64.tar.gz`,
      'notation',
      archives.notation,
    ),
    'notation-azure-kv': githubTool(
      'Azure/notation-azure-kv',
      (v) => `notation-azure-kv_${v}_linux_amd64.tar.gz`,
      'notation-azure-kv',
      archives.notation,
    ),
    'kube-score': githubTool(
      'zegl/kube-score',
      (v) => `kube-score_${v}_linux_amd64.tar.gz`,
      'kube-score',
      archives.notation,
    ),
    kubectl: urlTool('dl.k8s.io', kubectlLocation, 'kubectl', archives.kubectl),
    helm: urlTool('get.helm.sh', helmLocation, 'linux-amd64/helm', archives.helm),
    ...overrides,
  };
}

beforeAll(async () => {
  archives = {
    trivy: makeTarGz({ trivy: script(VERSION), LICENSE: 'Apache-2.0\n' }, { trivy: 0o755 }),
    trivyOther: makeTarGz({ trivy: script(OTHER_VERSION) }, { trivy: 0o755 }),
    syft: makeZip({ syft: script(VERSION), 'README.md': '# syft\n' }, { syft: 0o755 }),
    kubectl: Buffer.from(script(VERSION)),
    helm: makeTarGz(
      { 'linux-amd64/helm': script(VERSION), 'linux-amd64/LICENSE': 'Apache-2.0\n' },
      { 'linux-amd64/helm': 0o755 },
    ),
    notation: makeTarGz({ notation: script(VERSION) }, { notation: 0o755 }),
  };
  mirror = await startToolMirror();
  mirror.serve(trivyPath(VERSION), archives.trivy);
  mirror.serve(trivyPath(OTHER_VERSION), archives.trivyOther);
  mirror.serve(syftPath(VERSION), archives.syft);
  mirror.serveHost('dl.k8s.io', kubectlLocation(VERSION).path ?? '', archives.kubectl);
  mirror.serveHost('get.helm.sh', helmLocation(VERSION).file, archives.helm);
});

afterAll(async () => {
  await mirror.close();
});

let root: string;
let toolCache: string;
let runnerTemp: string;
let githubPath: string;
let restoreEnv: () => void;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'installer-'));
  toolCache = path.join(root, 'tool-cache');
  runnerTemp = path.join(root, 'runner-temp');
  githubPath = path.join(root, 'github-path');
  await mkdir(toolCache);
  await mkdir(runnerTemp);
  await writeFile(githubPath, '');
  // @actions/tool-cache reads these at call time; PATH is listed so core.addPath's change is undone.
  restoreEnv = setEnv({
    RUNNER_TOOL_CACHE: toolCache,
    RUNNER_TEMP: runnerTemp,
    GITHUB_PATH: githubPath,
    PATH: process.env['PATH'],
    DEVSECOPS_TOOL_MIRROR: undefined,
  });
});

afterEach(async () => {
  restoreEnv();
  await rm(root, { recursive: true, force: true });
});

/** Installs with output captured; returns the installed tool or the error, and the log. */
async function install(request: InstallRequest, tools = manifest(), retry: RetryPolicy = FAST) {
  const installer = new ToolInstaller(tools, { platform: PLATFORM, retry });
  const captured = await captureOutput(() => installer.install(request));
  return { installed: captured.result, error: captured.error, log: captured.stdout + captured.stderr };
}

function installedOk(outcome: { installed?: InstalledTool; error?: unknown; log: string }): InstalledTool {
  if (outcome.error !== undefined) throw new Error(`install failed: ${String(outcome.error)}\n${outcome.log}`);
  expect(outcome.installed).toBeDefined();
  return outcome.installed as InstalledTool;
}

function runTool(file: string): string {
  const result = spawnSync(file, ['--version'], { encoding: 'utf8', shell: false });
  if (result.error) throw result.error;
  return result.stdout;
}

const count = (urlPath: string): number => mirror.requestsFor(urlPath).length;

describe('ToolInstaller: a verified install', () => {
  it('installs a correct archive into RUNNER_TOOL_CACHE, puts it on PATH, and it runs', async () => {
    const before = count(trivyPath(VERSION));
    const outcome = await install({ tool: 'trivy', mirror: mirror.url });
    const tool = installedOk(outcome);
    expect(tool).toEqual({
      tool: 'trivy',
      version: VERSION,
      dir: path.join(toolCache, 'trivy', VERSION, ARCH),
      path: path.join(toolCache, 'trivy', VERSION, ARCH, 'trivy'),
      fromCache: false,
    });
    expect(runTool(tool.path)).toBe('fake-tool 1.2.3\n');
    expect(await readFile(path.join(tool.dir, 'LICENSE'), 'utf8')).toBe('Apache-2.0\n');
    expect(parsePathFile(await readFile(githubPath, 'utf8'))).toEqual([tool.dir]);
    expect(process.env['PATH']?.split(path.delimiter)[0]).toBe(tool.dir);
    expect(count(trivyPath(VERSION)) - before).toBe(1);
    expect(outcome.log).toContain(`downloading trivy ${VERSION} from ${mirror.url}${trivyPath(VERSION)}`);
    expect(await readdir(runnerTemp)).toEqual([]);
  });

  it('serves a second install from the cache without any request', async () => {
    const first = installedOk(await install({ tool: 'trivy', mirror: mirror.url }));
    const requests = mirror.requests.length;
    const second = installedOk(await install({ tool: 'trivy', mirror: mirror.url }));
    expect(second.fromCache).toBe(true);
    expect(second.path).toBe(first.path);
    expect(mirror.requests.length).toBe(requests);
    expect(runTool(second.path)).toBe('fake-tool 1.2.3\n');
  });

  it('leaves GITHUB_PATH alone with addToPath false', async () => {
    const tool = installedOk(await install({ tool: 'trivy', mirror: mirror.url, addToPath: false }));
    expect(existsSync(tool.path)).toBe(true);
    expect(await readFile(githubPath, 'utf8')).toBe('');
  });

  it('installs a zip asset', async () => {
    const tool = installedOk(await install({ tool: 'syft', mirror: mirror.url }));
    expect(tool.path).toBe(path.join(toolCache, 'syft', VERSION, ARCH, 'syft'));
    expect(runTool(tool.path)).toBe('fake-tool 1.2.3\n');
    expect(count(syftPath(VERSION))).toBeGreaterThan(0);
  });

  it('installs a plain-binary asset from a `url` source, under the mirror in host layout', async () => {
    const hostPath = `/dl.k8s.io/${kubectlLocation(VERSION).path}`;
    const before = count(hostPath);
    const tool = installedOk(await install({ tool: 'kubectl', mirror: mirror.url }));
    expect(count(hostPath) - before).toBe(1);
    expect(tool.path).toBe(path.join(toolCache, 'kubectl', VERSION, ARCH, 'kubectl'));
    expect((await stat(tool.path)).mode & 0o111).not.toBe(0);
    expect(runTool(tool.path)).toBe('fake-tool 1.2.3\n');
  });

  it('installs a tar.gz from a `url` source whose executable is in a subdirectory, and puts that directory on PATH', async () => {
    const tool = installedOk(await install({ tool: 'helm', mirror: `${mirror.url}/` }));
    expect(mirror.requests.at(-1)?.path).toBe(`/get.helm.sh/${helmLocation(VERSION).file}`);
    expect(tool.path).toBe(path.join(toolCache, 'helm', VERSION, ARCH, 'linux-amd64', 'helm'));
    expect(parsePathFile(await readFile(githubPath, 'utf8'))).toEqual([path.dirname(tool.path)]);
    expect(runTool(tool.path)).toBe('fake-tool 1.2.3\n');
  });

  it('follows a redirect, as GitHub releases redirect to their storage host', async () => {
    const relocated = '/objects.githubusercontent.com/release-asset/trivy.tar.gz';
    mirror.serve(relocated, archives.trivy);
    mirror.redirect(trivyPath('1.2.4'), `${mirror.url}${relocated}`);
    const tool = installedOk(
      await install({ tool: 'trivy', version: '1.2.4', sha256: sha256(archives.trivy), mirror: mirror.url }),
    );
    expect(count(relocated)).toBe(1);
    expect(tool.version).toBe('1.2.4');
  });

  it('installs a chosen version when its sha256 is given (a leading v is dropped)', async () => {
    const tool = installedOk(
      await install({
        tool: 'trivy',
        version: `v${OTHER_VERSION}`,
        sha256: sha256(archives.trivyOther).toUpperCase(),
        mirror: mirror.url,
      }),
    );
    expect(tool.version).toBe(OTHER_VERSION);
    expect(tool.dir).toBe(path.join(toolCache, 'trivy', OTHER_VERSION, ARCH));
    expect(runTool(tool.path)).toBe('fake-tool 1.3.0\n');
  });
});

describe('ToolInstaller: fails closed', () => {
  it('refuses a wrong checksum, names both sums, caches nothing and leaves no temp files', async () => {
    const wrong = sha256('not the archive');
    const actual = sha256(archives.trivy);
    const bad = manifest({
      trivy: {
        ...githubTool('aquasecurity/trivy', trivyFile, 'trivy', archives.trivy),
        assets: { [PLATFORM]: { file: trivyFile(VERSION), sha256: wrong } },
      },
    });
    const outcome = await install({ tool: 'trivy', mirror: mirror.url }, bad);
    expect(outcome.error).toBeInstanceOf(OperationError);
    const message = (outcome.error as Error).message;
    expect(message).toContain(`expected sha256 ${wrong}`);
    expect(message).toContain(`got ${actual}`);
    expect(message).toContain(`${mirror.url}${trivyPath(VERSION)}`);
    expect(await readdir(runnerTemp)).toEqual([]);
    expect(existsSync(path.join(toolCache, 'trivy'))).toBe(false);
    expect(await readFile(githubPath, 'utf8')).toBe('');

    const before = count(trivyPath(VERSION));
    const good = installedOk(await install({ tool: 'trivy', mirror: mirror.url }));
    expect(good.fromCache).toBe(false);
    expect(count(trivyPath(VERSION)) - before).toBe(1);
  });

  it('refuses a wrong user-given sha256 for a chosen version', async () => {
    const outcome = await install({
      tool: 'trivy',
      version: OTHER_VERSION,
      sha256: sha256(archives.trivy),
      mirror: mirror.url,
    });
    expect(outcome.error).toBeInstanceOf(OperationError);
    expect((outcome.error as Error).message).toContain(`got ${sha256(archives.trivyOther)}`);
    expect(existsSync(path.join(toolCache, 'trivy'))).toBe(false);
  });

  it('refuses an archive that does not contain the executable, and caches nothing', async () => {
    const empty = makeTarGz({ 'README.md': 'no binary here\n' });
    mirror.serve(trivyPath('1.2.5'), empty);
    const outcome = await install({ tool: 'trivy', version: '1.2.5', sha256: sha256(empty), mirror: mirror.url });
    expect(outcome.error).toBeInstanceOf(OperationError);
    expect((outcome.error as Error).message).toBe(`${trivyFile('1.2.5')} does not contain trivy`);
    expect(existsSync(path.join(toolCache, 'trivy'))).toBe(false);
    expect(await readdir(runnerTemp)).toEqual([]);
  });

  it.each(['0.69.4', '0.69.5', 'v0.69.6'])('refuses compromised trivy %s before any request', async (version) => {
    const requests = mirror.requests.length;
    const outcome = await install({ tool: 'trivy', version, sha256: sha256(archives.trivy), mirror: mirror.url });
    expect(outcome.error).toBeInstanceOf(ConfigurationError);
    expect((outcome.error as Error).message).toBe(
      `trivy ${version.replace(/^v/, '')} is a known compromised release and will not be installed`,
    );
    expect(mirror.requests.length).toBe(requests);
  });

  it('refuses a compromised release even when a manifest pins it', async () => {
    const requests = mirror.requests.length;
    const pinned = manifest({ trivy: githubTool('aquasecurity/trivy', trivyFile, 'trivy', archives.trivy, '0.69.5') });
    const outcome = await install({ tool: 'trivy', mirror: mirror.url }, pinned);
    expect(outcome.error).toBeInstanceOf(ConfigurationError);
    expect(mirror.requests.length).toBe(requests);
  });

  it('refuses a version other than the pinned one without its sha256, before any request', async () => {
    const requests = mirror.requests.length;
    const outcome = await install({ tool: 'trivy', version: OTHER_VERSION, mirror: mirror.url });
    expect(outcome.error).toBeInstanceOf(ConfigurationError);
    expect((outcome.error as Error).message).toBe(
      `trivy ${OTHER_VERSION} is not the pinned version (${VERSION}); give its sha256 too`,
    );
    expect(mirror.requests.length).toBe(requests);
  });

  it('refuses the pinned version on a platform without a pinned checksum', async () => {
    const noAsset = manifest({
      trivy: { ...githubTool('aquasecurity/trivy', trivyFile, 'trivy', archives.trivy), assets: {} },
    });
    const outcome = await install({ tool: 'trivy', mirror: mirror.url }, noAsset);
    expect(outcome.error).toBeInstanceOf(ConfigurationError);
    expect((outcome.error as Error).message).toBe(
      `no pinned checksum for trivy ${VERSION} on ${PLATFORM}; choose a version and give its sha256`,
    );
  });

  it('says when a tool is not published for the platform', async () => {
    const unpublished = manifest({
      trivy: { ...githubTool('aquasecurity/trivy', trivyFile, 'trivy', archives.trivy), locate: () => undefined },
    });
    const outcome = await install({ tool: 'trivy', mirror: mirror.url }, unpublished);
    expect(outcome.error).toBeInstanceOf(OperationError);
    expect((outcome.error as Error).message).toBe(`trivy ${VERSION} is not published for ${PLATFORM}`);
  });

  it('fails a 404 at once with the full URL, after exactly one request', async () => {
    const missing = '9.9.9';
    const outcome = await install({ tool: 'trivy', version: missing, sha256: sha256('x'), mirror: mirror.url });
    expect(outcome.error).toBeInstanceOf(OperationError);
    expect((outcome.error as Error).message).toBe(`download of ${mirror.url}${trivyPath(missing)} failed: HTTP 404`);
    expect(count(trivyPath(missing))).toBe(1);
    expect(await readdir(runnerTemp)).toEqual([]);
  });
});

describe('ToolInstaller: retries', () => {
  it('installs after 503, 503, then 200', async () => {
    const before = count(trivyPath(VERSION));
    mirror.failNext(trivyPath(VERSION), [503, 503]);
    const tool = installedOk(await install({ tool: 'trivy', mirror: mirror.url }));
    expect(tool.fromCache).toBe(false);
    expect(count(trivyPath(VERSION)) - before).toBe(3);
    expect(runTool(tool.path)).toBe('fake-tool 1.2.3\n');
  });

  it('gives up after the last attempt with the last failure, caching nothing', async () => {
    const before = count(trivyPath(VERSION));
    mirror.failNext(trivyPath(VERSION), [502, 503, 500, 503]);
    const outcome = await install({ tool: 'trivy', mirror: mirror.url });
    expect(outcome.error).toBeInstanceOf(OperationError);
    expect((outcome.error as Error).message).toBe(
      `download of ${mirror.url}${trivyPath(VERSION)} failed after retries: HTTP 503`,
    );
    expect(count(trivyPath(VERSION)) - before).toBe(FAST.attempts);
    expect(existsSync(path.join(toolCache, 'trivy'))).toBe(false);
    expect(await readdir(runnerTemp)).toEqual([]);
  });

  it('retries a 429 as soon as Retry-After: 0 allows', async () => {
    // The backoff alone (60 s) would not fit the 30 s budget, so only an honoured Retry-After: 0 gets a second attempt.
    const patient: RetryPolicy = { attempts: 3, baseDelayMs: 60_000, maxDelayMs: 60_000, maxTotalMs: 30_000 };
    const before = count(trivyPath(VERSION));
    mirror.failNext(trivyPath(VERSION), [429], { 'Retry-After': '0' });
    const tool = installedOk(await install({ tool: 'trivy', mirror: mirror.url }, manifest(), patient));
    expect(count(trivyPath(VERSION)) - before).toBe(2);
    expect(runTool(tool.path)).toBe('fake-tool 1.2.3\n');
  });

  it('installs after a connection reset before the response', async () => {
    const before = count(trivyPath(VERSION));
    mirror.resetConnectionNext(trivyPath(VERSION), 1);
    const tool = installedOk(await install({ tool: 'trivy', mirror: mirror.url }));
    expect(count(trivyPath(VERSION)) - before).toBe(2);
    expect(runTool(tool.path)).toBe('fake-tool 1.2.3\n');
  });

  it('installs after a connection reset in the middle of the body, using only the complete download', async () => {
    const before = count(trivyPath(VERSION));
    mirror.resetConnectionNext(trivyPath(VERSION), 1, { afterBytes: 64 });
    const tool = installedOk(await install({ tool: 'trivy', mirror: mirror.url }));
    expect(count(trivyPath(VERSION)) - before).toBe(2);
    expect(runTool(tool.path)).toBe('fake-tool 1.2.3\n');
    expect(await readdir(runnerTemp)).toEqual([]);
  });
});

describe('mirrors', () => {
  it('takes the mirror from DEVSECOPS_TOOL_MIRROR when the input is not set', async () => {
    const restore = setEnv({ DEVSECOPS_TOOL_MIRROR: mirror.url });
    try {
      expect(resolveToolMirror(undefined)).toBe(mirror.url);
      const before = count(trivyPath(VERSION));
      const resolved = resolveToolMirror(undefined);
      const tool = installedOk(await install({ tool: 'trivy', ...(resolved ? { mirror: resolved } : {}) }));
      expect(count(trivyPath(VERSION)) - before).toBe(1);
      expect(tool.fromCache).toBe(false);
    } finally {
      restore();
    }
  });

  it('prefers the input over DEVSECOPS_TOOL_MIRROR, and has no mirror when neither is set', () => {
    const restore = setEnv({ DEVSECOPS_TOOL_MIRROR: 'https://env-mirror.example.com' });
    try {
      expect(resolveToolMirror('https://input-mirror.example.com/tools')).toBe(
        'https://input-mirror.example.com/tools',
      );
      expect(resolveToolMirror(undefined)).toBe('https://env-mirror.example.com');
    } finally {
      restore();
    }
    expect(resolveToolMirror(undefined)).toBeUndefined();
    const blank = setEnv({ DEVSECOPS_TOOL_MIRROR: '   ' });
    try {
      expect(resolveToolMirror(undefined)).toBeUndefined();
    } finally {
      blank();
    }
  });

  it('refuses a plain-http mirror that is not on loopback, naming where it came from', () => {
    expect(() => resolveToolMirror('http://mirror.example.com')).toThrow(
      new ConfigurationError(
        "input 'tool-mirror' must be an https:// URL (http:// only on loopback); got 'http://mirror.example.com'",
      ),
    );
    expect(() => resolveToolMirror('https://user:token@mirror.example.com', 'mirror')).toThrow(
      /^input 'mirror' must be .*without credentials/,
    );
    const restore = setEnv({ DEVSECOPS_TOOL_MIRROR: 'http://10.1.2.3:8080' });
    try {
      expect(() => resolveToolMirror(undefined)).toThrow(
        new ConfigurationError(
          "DEVSECOPS_TOOL_MIRROR must be an https:// URL (http:// only on loopback); got 'http://10.1.2.3:8080'",
        ),
      );
    } finally {
      restore();
    }
    expect(resolveToolMirror('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
  });

  it('builds upstream and mirror URLs for both source kinds', () => {
    const tools = manifest();
    const trivyLocation = { file: trivyFile(VERSION) };
    expect(assetUrl(tools.trivy, VERSION, trivyLocation)).toBe(
      `https://github.com/aquasecurity/trivy/releases/download/v${VERSION}/${trivyFile(VERSION)}`,
    );
    expect(assetUrl(tools.trivy, VERSION, trivyLocation, 'https://mirror.example.com/base//')).toBe(
      `https://mirror.example.com/base/aquasecurity/trivy/releases/download/v${VERSION}/${trivyFile(VERSION)}`,
    );
    expect(assetUrl(tools.kubectl, VERSION, kubectlLocation(VERSION))).toBe(
      `https://dl.k8s.io/release/v${VERSION}/bin/linux/amd64/kubectl`,
    );
    expect(assetUrl(tools.kubectl, VERSION, kubectlLocation(VERSION), 'https://m.example.com')).toBe(
      `https://m.example.com/dl.k8s.io/release/v${VERSION}/bin/linux/amd64/kubectl`,
    );
    expect(assetUrl(tools.helm, VERSION, helmLocation(VERSION))).toBe(
      `https://get.helm.sh/helm-v${VERSION}-linux-amd64.tar.gz`,
    );
  });
});
