import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadActionInputs, type ActionInput } from './action-metadata.js';
import { PROJECT_ROOT, runBundledAction, type LocalJob } from './bundled-action.js';
import { installTools } from './install-tools.js';
import { parseArguments, type OwnOption } from './parse-args.js';
import { writeStagedTree } from './staged-tree.js';
import { UsageError } from './usage-error.js';

interface Command {
  /** The action whose bundle the command runs. */
  readonly action: string;
  readonly summary: string;
  /** Defaults for a developer's machine, over the action's own; the user's options win. */
  readonly defaults: Readonly<Record<string, string>>;
  /** Inputs the command sets itself. */
  readonly fixed: Readonly<Record<string, string>>;
  readonly options: readonly OwnOption[];
}

const OUT: OwnOption = { name: 'out', description: 'Directory the reports are copied to (default: out).' };
const VERBOSE: OwnOption = { name: 'verbose', switch: true, description: 'Show debug lines.' };
const HELP: OwnOption = { name: 'help', switch: true, description: 'Show this help.' };

export const COMMANDS: Readonly<Record<string, Command>> = {
  scan: {
    action: 'scan',
    summary: 'Scan a directory, an image, manifests or a running app under the gate policy (actions/scan).',
    // No Actions cache service here: Trivy keeps its database in its own cache directory instead.
    defaults: { scanner: 'trivy', target: '.', cache: 'false' },
    fixed: {},
    options: [
      OUT,
      {
        name: 'staged',
        switch: true,
        description:
          'Scan what is staged for commit (added and changed files in the git index), for a pre-commit hook.',
      },
      VERBOSE,
      HELP,
    ],
  },
  sbom: {
    action: 'sbom',
    summary: 'Generate SBOMs of a directory or an image (actions/sbom).',
    defaults: { target: 'dir:.' },
    fixed: {},
    options: [OUT, VERBOSE, HELP],
  },
  verify: {
    action: 'sign',
    summary: 'Verify the notation signatures of images by digest (actions/sign in verify mode).',
    defaults: {},
    fixed: { mode: 'verify' },
    options: [VERBOSE, HELP],
  },
};

const INSTALL_OPTIONS: readonly OwnOption[] = [
  {
    name: 'tool-mirror',
    description: 'Base URL of a mirror laid out like GitHub releases. Also read from DEVSECOPS_TOOL_MIRROR.',
  },
  {
    name: 'version',
    description: 'Exact version instead of the pinned one (one tool only); requires --version-sha256.',
  },
  { name: 'version-sha256', description: "sha256 of that version's release asset for this platform." },
  VERBOSE,
  HELP,
];

/** Where tools are kept between runs: DEVSECOPS_TOOL_CACHE, else the user's cache directory. */
export function toolCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['DEVSECOPS_TOOL_CACHE']) return path.resolve(env['DEVSECOPS_TOOL_CACHE']);
  const cache = env['XDG_CACHE_HOME'] || path.join(os.homedir(), '.cache');
  return path.join(cache, 'devsecops-actions', 'tools');
}

/** The command line: `devsecops <scan|sbom|verify|install|help> [options]`. Returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      return 2;
    }
    if (error instanceof Error && (error.name === 'ConfigurationError' || error.name === 'OperationError')) {
      console.error(`devsecops: ${error.message}`);
      return 1;
    }
    // A system error of the command's own file work (an --out that is a file, a full disk): one line, not a stack.
    if (error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string') {
      console.error(`devsecops: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

async function dispatch(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    console.log(rest[0] ? await commandHelp(rest[0]) : overview());
    return 0;
  }
  if (name === 'install') return install(rest);
  const command = COMMANDS[name];
  if (!command)
    throw new UsageError(
      `devsecops: unknown command '${name}'; commands: ${[...Object.keys(COMMANDS), 'install', 'help'].join(', ')}`,
    );
  const declared = await loadActionInputs(path.join(PROJECT_ROOT, 'actions', command.action));
  const parsed = parseArguments(
    name,
    rest,
    declared.map((i) => i.name),
    command.options,
    Object.keys(command.fixed),
  );
  if (parsed.own['help']) {
    console.log(await commandHelp(name));
    return 0;
  }
  const given = { ...command.defaults, ...parsed.inputs, ...command.fixed };
  const out = path.resolve(typeof parsed.own['out'] === 'string' ? parsed.own['out'] : 'out');
  const runnerTemp = await mkdtemp(path.join(os.tmpdir(), 'devsecops-'));
  try {
    let workspace = process.cwd();
    if (parsed.own['staged']) {
      if (parsed.inputs['target'] !== undefined)
        throw new UsageError(`devsecops ${name}: --staged scans the staged files; leave out --target`);
      if (given['scanner'] !== 'trivy')
        throw new UsageError(`devsecops ${name}: --staged works with --scanner trivy; got '${given['scanner']}'`);
      // The staged tree is a temporary workspace: a report written into it would be removed with it.
      for (const input of ['sarif-file', 'json-file']) {
        if (parsed.inputs[input] !== undefined)
          throw new UsageError(`devsecops ${name}: --staged writes the reports to --out; leave out --${input}`);
      }
      workspace = path.join(runnerTemp, 'staged');
      await mkdir(workspace);
      // Files the scan reads by a workspace path come along from the index, even when unchanged.
      const configuration = [given['policy'], given['trivy-ignore-file']].filter(
        (file): file is string => file !== undefined && file !== '' && !path.isAbsolute(file),
      );
      const staged = writeStagedTree(process.cwd(), workspace, configuration);
      if (staged.files.length === 0) {
        console.log('nothing is staged for commit: nothing to scan');
        return 0;
      }
      console.log(`scanning ${staged.files.length} staged file(s) of ${staged.repository}`);
    }
    const job: LocalJob = { workspace, runnerTemp, toolCache: toolCacheDir() };
    const verbose = parsed.own['verbose'] === true;
    const result = await runBundledAction(command.action, given, job, { verbose });
    const kept = await keepReports(name, result.outputs, parsed.inputs, runnerTemp, out);
    let summary = result.summary.trim();
    // The summary names the files where the action wrote them; RUNNER_TEMP is about to go, so name the copies.
    for (const [from, to] of kept) summary = summary.split(from).join(shown(to));
    // ...and the directory they were in (the SBOM summary names it): the copies are all in the out directory.
    for (const [from] of kept) summary = summary.split(path.dirname(from)).join(shown(out));
    if (summary !== '') console.log(`\n${summary}\n`);
    for (const [, to] of kept) console.log(`wrote ${shown(to)}`);
    // A scan that ended without a verdict did not run (a bad value, a tool or database out of reach): exit 3, not 1.
    if (name === 'scan' && result.exitCode !== 0 && result.outputs['gate'] === undefined) return 3;
    return result.exitCode;
  } finally {
    // RUNNER_TEMP may hold credential files: it never outlives the command.
    await rm(runnerTemp, { recursive: true, force: true });
  }
}

/** A path as the user would type it: relative to the working directory when inside it. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/** Copies the reports the action left in RUNNER_TEMP (which is removed) to the out directory; returns [from, to] pairs. */
async function keepReports(
  command: string,
  outputs: Record<string, string>,
  given: Record<string, string>,
  runnerTemp: string,
  out: string,
): Promise<[string, string][]> {
  const inTemp = (file: string | undefined): file is string =>
    file !== undefined && file !== '' && path.resolve(file).startsWith(`${runnerTemp}${path.sep}`);
  const copies: [string, string][] = [];
  if (command === 'scan') {
    const base = (outputs['category'] || 'scan').replace(/[^A-Za-z0-9._-]+/g, '-');
    if (given['sarif-file'] === undefined && inTemp(outputs['sarif-file']))
      copies.push([outputs['sarif-file'], `${base}.sarif`]);
    if (given['json-file'] === undefined && inTemp(outputs['json-file']))
      copies.push([outputs['json-file'], `${base}.findings.json`]);
    // The scanner's own report (trivy-report.json, kube-score-report.json, zap-report.json) is in the action's
    // directory for the category under RUNNER_TEMP, wherever sarif-file and json-file put the other two.
    const dir = path.join(runnerTemp, 'devsecops-scan', base);
    for (const entry of existsSync(dir) ? await readdir(dir) : []) {
      if (entry.endsWith('-report.json')) copies.push([path.join(dir, entry), `${base}.${entry}`]);
    }
  }
  if (command === 'sbom' && given['output-dir'] === undefined) {
    for (const file of (outputs['files'] ?? '').split('\n')) if (inTemp(file)) copies.push([file, path.basename(file)]);
  }
  if (copies.length === 0) return [];
  await mkdir(out, { recursive: true });
  const written: [string, string][] = [];
  for (const [from, name] of copies) {
    const to = path.join(out, name);
    await cp(from, to);
    written.push([from, to]);
  }
  return written;
}

async function install(argv: readonly string[]): Promise<number> {
  const tools: string[] = [];
  const options: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--')) {
      options.push(arg);
      const spec = INSTALL_OPTIONS.find((o) => `--${o.name}` === arg);
      if (spec && !spec.switch && argv[i + 1] !== undefined) options.push(argv[++i]!);
    } else tools.push(arg);
  }
  const parsed = parseArguments('install', options, [], INSTALL_OPTIONS);
  if (parsed.own['help']) {
    console.log(installHelp());
    return 0;
  }
  const own = (key: string): string | undefined => (typeof parsed.own[key] === 'string' ? parsed.own[key] : undefined);
  const runnerTemp = await mkdtemp(path.join(os.tmpdir(), 'devsecops-'));
  try {
    const outcomes = await installTools(
      {
        tools,
        ...(own('version') ? { version: own('version') } : {}),
        ...(own('version-sha256') ? { sha256: own('version-sha256') } : {}),
        ...(own('tool-mirror') ? { mirror: own('tool-mirror') } : {}),
        verbose: parsed.own['verbose'] === true,
      },
      { workspace: process.cwd(), runnerTemp, toolCache: toolCacheDir() },
      (line) => console.log(line),
    );
    return outcomes.every((o) => o.ok) ? 0 : 1;
  } finally {
    await rm(runnerTemp, { recursive: true, force: true });
  }
}

function overview(): string {
  return [
    'devsecops: the checks of the DevSecOps actions, on your machine, with the same policy file.',
    '',
    'usage: devsecops <command> [--option value]...',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`),
    `  ${'install'.padEnd(8)} Download and verify pinned tools into the tool cache (${toolCacheDir()}).`,
    `  ${'help'.padEnd(8)} devsecops help <command>: the command's options.`,
    '',
    "Options are the inputs of the command's action (actions/<name>/action.yml), with the same names and values.",
    'Exit codes: 0 the gate passed (or the command succeeded), 1 the gate failed (or the command failed),',
    '2 a mistake on the command line, 3 a scan that could not run (a bad value, a tool or database out of reach).',
  ].join('\n');
}

async function commandHelp(name: string): Promise<string> {
  if (name === 'install') return installHelp();
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`devsecops help: unknown command '${name}'`);
  const declared = await loadActionInputs(path.join(PROJECT_ROOT, 'actions', command.action));
  const inputs = declared.filter((i) => !(i.name in command.fixed));
  return [
    `devsecops ${name}: ${command.summary}`,
    '',
    `usage: devsecops ${name} [--option value]...`,
    '',
    'options:',
    ...command.options.map((o) => describe(`--${o.name}${o.switch ? '' : ' VALUE'}`, o.description)),
    '',
    `inputs of actions/${command.action} (a repeated option makes a list):`,
    ...inputs.map((i) => describe(`--${i.name}`, inputDescription(i, command.defaults[i.name]))),
  ].join('\n');
}

function installHelp(): string {
  return [
    'devsecops install: download pinned tools, verify their sha256 and keep them in the tool cache.',
    '',
    'usage: devsecops install TOOL... [--tool-mirror URL]',
    '',
    ...INSTALL_OPTIONS.map((o) => describe(`--${o.name}${o.switch ? '' : ' VALUE'}`, o.description)),
  ].join('\n');
}

function inputDescription(input: ActionInput, local: string | undefined): string {
  const fallback = local ?? (input.default && !input.default.includes('${{') ? input.default : undefined);
  return `${input.description}${input.required && !local ? ' (required)' : ''}${fallback !== undefined ? ` [${fallback || "''"}]` : ''}`;
}

function describe(flag: string, text: string): string {
  return `  ${flag}\n      ${text}`;
}
