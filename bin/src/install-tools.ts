import { TerminalLog } from './terminal-log.js';
import { UsageError } from './usage-error.js';
import type { LocalJob } from './bundled-action.js';

export interface InstallOptions {
  readonly tools: readonly string[];
  readonly version?: string;
  readonly sha256?: string;
  readonly mirror?: string;
  readonly verbose?: boolean;
}

export interface InstallOutcome {
  readonly tool: string;
  readonly ok: boolean;
  /** The executable's path, or why the tool cannot be obtained. */
  readonly detail: string;
}

/**
 * Puts pinned tools into the command line's tool cache through the actions'
 * installer (checksum verified before unpacking; a mismatch caches nothing),
 * so later checks, and machines without internet, find them there. A tool
 * that cannot be obtained is named with the reason; the others still install.
 */
export async function installTools(
  options: InstallOptions,
  job: LocalJob,
  print: (line: string) => void,
): Promise<InstallOutcome[]> {
  const [{ ToolInstaller }, { TOOL_MANIFEST }, { resolveToolMirror }] = await Promise.all([
    import('../../lib/tools/installer.js'),
    import('../../lib/tools/manifest.js'),
    import('../../lib/tools/asset-url.js'),
  ]);
  const known = Object.keys(TOOL_MANIFEST);
  for (const tool of options.tools) {
    if (!known.includes(tool))
      throw new UsageError(`devsecops install: unknown tool '${tool}'; allowed: ${known.join(', ')}`);
  }
  if (options.tools.length === 0)
    throw new UsageError(`devsecops install: name the tools to install: ${known.join(', ')}`);
  if ((options.version || options.sha256) && options.tools.length !== 1) {
    throw new UsageError('devsecops install: --version and --version-sha256 apply to one tool; name only one');
  }
  const mirror = resolveToolMirror(options.mirror);

  // The installer reports through the Actions log; show it as the runner would.
  process.env['RUNNER_TOOL_CACHE'] = job.toolCache;
  process.env['RUNNER_TEMP'] = job.runnerTemp;
  const write = process.stdout.write.bind(process.stdout);
  const log = new TerminalLog((line) => write(`${line}\n`), { verbose: options.verbose ?? false });
  process.stdout.write = ((chunk: string | Uint8Array) => {
    log.write(typeof chunk === 'string' ? chunk : Buffer.from(chunk));
    return true;
  }) as typeof process.stdout.write;
  const outcomes: InstallOutcome[] = [];
  try {
    const installer = new ToolInstaller(TOOL_MANIFEST);
    for (const tool of options.tools) {
      try {
        const installed = await installer.install({
          tool: tool as keyof typeof TOOL_MANIFEST,
          addToPath: false,
          ...(options.version ? { version: options.version } : {}),
          ...(options.sha256 ? { sha256: options.sha256 } : {}),
          ...(mirror ? { mirror } : {}),
        });
        const how = installed.fromCache ? 'from the tool cache' : 'downloaded, sha256 verified';
        outcomes.push({ tool, ok: true, detail: `${installed.version} at ${installed.path} (${how})` });
      } catch (error) {
        outcomes.push({ tool, ok: false, detail: `cannot be obtained: ${(error as Error).message}` });
      }
    }
  } finally {
    log.end();
    process.stdout.write = write as typeof process.stdout.write;
  }
  for (const o of outcomes) print(`${o.tool}: ${o.detail}`);
  return outcomes;
}
