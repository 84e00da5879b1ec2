import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';

/*
 * The hardening rules every workflow of the project follows, as checks over
 * the parsed YAML. Each check returns its problems (an empty list when the
 * workflow follows the rule), located by file and line, so a test can show
 * every violation at once and can run each check over a small bad workflow
 * to prove that the check fails.
 */

export type HardeningRule =
  | 'top-level-permissions'
  | 'job-permissions'
  | 'write-permission-comment'
  | 'pinned-uses'
  | 'expression-in-run'
  | 'pull-request-target'
  | 'secrets-inherit'
  | 'checkout-credentials'
  | 'job-timeout'
  | 'deploy-concurrency';

export interface Problem {
  rule: HardeningRule;
  where: string;
  message: string;
}

export interface ParsedWorkflow {
  file: string;
  source: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

export function parseWorkflowText(file: string, source: string): ParsedWorkflow {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines });
  if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
  return { file, source, doc, lines };
}

function get(node: unknown, key: string): Node | undefined {
  return isMap(node) ? (node.get(key, true) as Node | undefined) : undefined;
}

function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

function pairs(node: unknown): Pair<Node, Node>[] {
  return isMap(node) ? ((node as YAMLMap<Node, Node>).items as Pair<Node, Node>[]) : [];
}

function keyOf(pair: Pair<Node, Node>): string {
  return String(scalarValue(pair.key));
}

function lineOf(w: ParsedWorkflow, node: Node | null | undefined): number {
  return node?.range ? w.lines.linePos(node.range[0]).line : 0;
}

function at(w: ParsedWorkflow, node: Node | null | undefined): string {
  return `${w.file}:${lineOf(w, node)}`;
}

/** The text after `#` on a node's line (what a human wrote about it), or ''. */
function lineComment(w: ParsedWorkflow, node: Node | null | undefined): string {
  const text = w.source.split('\n')[lineOf(w, node) - 1] ?? '';
  const hash = text.search(/\s#/);
  return hash < 0
    ? ''
    : text
        .slice(hash)
        .replace(/^\s*#\s*/, '')
        .trim();
}

interface JobNode {
  id: string;
  node: Node;
}

function jobs(w: ParsedWorkflow): JobNode[] {
  return pairs(get(w.doc.contents, 'jobs')).map((p) => ({ id: keyOf(p), node: p.value as Node }));
}

interface StepNode {
  job: string;
  index: number;
  node: Node;
}

function steps(w: ParsedWorkflow): StepNode[] {
  const out: StepNode[] = [];
  for (const job of jobs(w)) {
    const list = get(job.node, 'steps');
    if (isSeq(list)) list.items.forEach((node, index) => out.push({ job: job.id, index, node: node as Node }));
  }
  return out;
}

const READ_ONLY = new Set(['read', 'none']);

/** Top-level permissions: present, and `{}`, `read-all` or read-only scopes, so no job inherits a write. */
export function checkTopLevelPermissions(w: ParsedWorkflow): Problem[] {
  const node = get(w.doc.contents, 'permissions');
  const rule = 'top-level-permissions';
  if (node === undefined)
    return [{ rule, where: `${w.file}:1`, message: 'no top-level permissions: set `permissions: {}`' }];
  if (isScalar(node))
    return node.value === 'read-all'
      ? []
      : [{ rule, where: at(w, node), message: `top-level permissions '${String(node.value)}' grant writes` }];
  return pairs(node)
    .filter((p) => !READ_ONLY.has(String(scalarValue(p.value))))
    .map((p) => ({
      rule,
      where: at(w, p.value),
      message: `top-level permission ${keyOf(p)}: ${String(scalarValue(p.value))}; grant writes per job`,
    }));
}

/** Every job declares its own permissions, and never write-all. */
export function checkJobPermissions(w: ParsedWorkflow): Problem[] {
  const problems: Problem[] = [];
  for (const job of jobs(w)) {
    const node = get(job.node, 'permissions');
    if (node === undefined)
      problems.push({ rule: 'job-permissions', where: at(w, job.node), message: `job ${job.id} sets no permissions` });
    else if (isScalar(node) && node.value !== 'read-all')
      problems.push({
        rule: 'job-permissions',
        where: at(w, node),
        message: `job ${job.id}: permissions '${String(node.value)}'; list the scopes it needs`,
      });
  }
  return problems;
}

/** Each write permission says why, in a comment on its line. */
export function checkWritePermissionComments(w: ParsedWorkflow): Problem[] {
  const problems: Problem[] = [];
  for (const job of jobs(w)) {
    for (const p of pairs(get(job.node, 'permissions'))) {
      if (scalarValue(p.value) !== 'write') continue;
      if (lineComment(w, p.value).length < 3)
        problems.push({
          rule: 'write-permission-comment',
          where: at(w, p.value),
          message: `job ${job.id}: ${keyOf(p)}: write has no comment saying why`,
        });
    }
  }
  return problems;
}

const PINNED = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(\/[^@\s]+)?@[0-9a-f]{40}$/;
const VERSION_COMMENT = /^v\d+\.\d+\.\d+\b/;

/** Every non-local `uses:` (steps and reusable workflow calls) is pinned by full commit SHA with a `# vX.Y.Z` comment. */
export function checkPinnedUses(w: ParsedWorkflow): Problem[] {
  const uses: { node: Node; what: string }[] = [];
  for (const job of jobs(w)) {
    const called = get(job.node, 'uses');
    if (called) uses.push({ node: called, what: `job ${job.id}` });
  }
  for (const s of steps(w)) {
    const node = get(s.node, 'uses');
    if (node) uses.push({ node, what: `job ${s.job} step ${s.index + 1}` });
  }
  const problems: Problem[] = [];
  for (const { node, what } of uses) {
    const ref = String(scalarValue(node));
    if (ref.startsWith('./')) continue;
    if (ref.startsWith('docker://')) {
      if (!/@sha256:[0-9a-f]{64}$/.test(ref))
        problems.push({ rule: 'pinned-uses', where: at(w, node), message: `${what}: ${ref} is not pinned by digest` });
      continue;
    }
    if (!PINNED.test(ref))
      problems.push({
        rule: 'pinned-uses',
        where: at(w, node),
        message: `${what}: ${ref} is not pinned by a full commit SHA`,
      });
    else if (!VERSION_COMMENT.test(lineComment(w, node)))
      problems.push({
        rule: 'pinned-uses',
        where: at(w, node),
        message: `${what}: ${ref} has no '# vX.Y.Z' comment naming the version`,
      });
  }
  return problems;
}

/** No `${{ }}` inside `run:`: values reach scripts through `env:`, never by interpolation. */
export function checkExpressionsInRun(w: ParsedWorkflow): Problem[] {
  return steps(w).flatMap((s) => {
    const run = get(s.node, 'run');
    return run && String(scalarValue(run)).includes('${{')
      ? [
          {
            rule: 'expression-in-run' as const,
            where: at(w, run),
            message: `job ${s.job} step ${s.index + 1}: \${{ }} inside run:; pass the value through env:`,
          },
        ]
      : [];
  });
}

/** No pull_request_target trigger: it runs with the base repository's secrets and a write token. */
export function checkPullRequestTarget(w: ParsedWorkflow): Problem[] {
  const on = get(w.doc.contents, 'on');
  const triggers = isScalar(on)
    ? [String(on.value)]
    : isSeq(on)
      ? on.items.map((i) => String(scalarValue(i)))
      : pairs(on).map(keyOf);
  return triggers.includes('pull_request_target')
    ? [{ rule: 'pull-request-target', where: at(w, on), message: 'pull_request_target trigger' }]
    : [];
}

/** No `secrets: inherit`: a called workflow gets only the secrets named for it. */
export function checkSecretsInherit(w: ParsedWorkflow): Problem[] {
  return jobs(w).flatMap((job) => {
    const secrets = get(job.node, 'secrets');
    return scalarValue(secrets) === 'inherit'
      ? [{ rule: 'secrets-inherit' as const, where: at(w, secrets), message: `job ${job.id}: secrets: inherit` }]
      : [];
  });
}

/** actions/checkout never leaves the token in .git/config. */
export function checkCheckoutCredentials(w: ParsedWorkflow): Problem[] {
  const problems: Problem[] = [];
  for (const s of steps(w)) {
    const uses = get(s.node, 'uses');
    if (!String(scalarValue(uses) ?? '').startsWith('actions/checkout@')) continue;
    const persist = scalarValue(get(get(s.node, 'with'), 'persist-credentials'));
    if (persist !== false && persist !== 'false')
      problems.push({
        rule: 'checkout-credentials',
        where: at(w, uses),
        message: `job ${s.job} step ${s.index + 1}: actions/checkout without persist-credentials: false`,
      });
  }
  return problems;
}

/** Every job that runs on a runner has a timeout (a job calling a reusable workflow has its jobs' timeouts). */
export function checkJobTimeouts(w: ParsedWorkflow): Problem[] {
  return jobs(w)
    .filter((job) => get(job.node, 'runs-on') !== undefined && get(job.node, 'timeout-minutes') === undefined)
    .map((job) => ({
      rule: 'job-timeout' as const,
      where: at(w, job.node),
      message: `job ${job.id}: no timeout-minutes`,
    }));
}

/**
 * A job that deploys (uses the deploy-aks action) runs in an environment, in a
 * concurrency group named after that environment, and never cancels a running
 * deployment.
 */
export function checkDeployConcurrency(w: ParsedWorkflow): Problem[] {
  const problems: Problem[] = [];
  for (const job of jobs(w)) {
    const list = get(job.node, 'steps');
    const deploys =
      isSeq(list) && list.items.some((s) => /actions\/deploy-aks(@|$)/.test(String(scalarValue(get(s, 'uses')) ?? '')));
    if (!deploys) continue;
    const rule = 'deploy-concurrency';
    const environment = get(job.node, 'environment');
    const envName = String(scalarValue(isMap(environment) ? get(environment, 'name') : environment) ?? '');
    const concurrency = get(job.node, 'concurrency');
    const group = String(scalarValue(isMap(concurrency) ? get(concurrency, 'group') : concurrency) ?? '');
    const cancel = scalarValue(get(concurrency, 'cancel-in-progress'));
    if (!envName)
      problems.push({ rule, where: at(w, job.node), message: `job ${job.id} deploys outside an environment` });
    if (!concurrency)
      problems.push({ rule, where: at(w, job.node), message: `job ${job.id} deploys without a concurrency group` });
    else {
      if (!envName || !group.includes(envName))
        problems.push({
          rule,
          where: at(w, concurrency),
          message: `job ${job.id}: concurrency group '${group}' is not per environment ('${envName}')`,
        });
      if (cancel !== false)
        problems.push({
          rule,
          where: at(w, concurrency),
          message: `job ${job.id}: concurrency must set cancel-in-progress: false (a running deployment is never cancelled)`,
        });
    }
  }
  return problems;
}

export const HARDENING_CHECKS: Record<HardeningRule, (w: ParsedWorkflow) => Problem[]> = {
  'top-level-permissions': checkTopLevelPermissions,
  'job-permissions': checkJobPermissions,
  'write-permission-comment': checkWritePermissionComments,
  'pinned-uses': checkPinnedUses,
  'expression-in-run': checkExpressionsInRun,
  'pull-request-target': checkPullRequestTarget,
  'secrets-inherit': checkSecretsInherit,
  'checkout-credentials': checkCheckoutCredentials,
  'job-timeout': checkJobTimeouts,
  'deploy-concurrency': checkDeployConcurrency,
};

export function hardeningProblems(w: ParsedWorkflow): Problem[] {
  return Object.values(HARDENING_CHECKS).flatMap((check) => check(w));
}

export function formatProblems(problems: readonly Problem[]): string[] {
  return problems.map((p) => `${p.where}: [${p.rule}] ${p.message}`);
}
