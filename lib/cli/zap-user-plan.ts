import path from 'node:path';
import { parse } from 'yaml';
import { ConfigurationError } from '../runtime/errors.js';
import { ZAP_WORK_DIR } from './zap-plan.js';

/*
 * A user's own Automation Framework plan (`zap-plan`, for authenticated
 * scans) runs as written, mounted read-only at /zap/wrk/plan.yaml. The action
 * still needs ZAP's traditional JSON report, so the plan must have a report
 * job with the template `traditional-json` (or `traditional-json-plus`)
 * writing into /zap/wrk (or a directory under it; a relative reportDir is
 * relative to the plan, so also under /zap/wrk). A plan without one is
 * refused before ZAP starts, with the job to add.
 */

export interface ZapPlanReport {
  readonly template: string;
  /** The directory relative to /zap/wrk ('' for /zap/wrk itself), with `/` separators. */
  readonly dir: string;
  /** The file name when the plan gives one without a pattern; ZAP adds the template's extension when missing. */
  readonly file?: string;
  /** The file extension of the template's output. */
  readonly extension: string;
}

export interface ZapUserPlan {
  readonly jsonReport: ZapPlanReport;
  /** Other reports the plan writes into /zap/wrk (HTML, Markdown…). */
  readonly otherReports: readonly ZapPlanReport[];
  /** Every `${NAME}` the plan uses: ZAP reads an environment variable of that name first, then the plan's own variable. */
  readonly environmentNames: readonly string[];
  /** An exitStatus job makes ZAP's exit code depend on the alerts, not only on errors. */
  readonly hasExitStatus: boolean;
  readonly contextUrls: readonly string[];
}

export interface ZapUserPlanSource {
  readonly input: string;
  readonly file: string;
}

const JSON_TEMPLATES = ['traditional-json', 'traditional-json-plus'];
const EXTENSIONS: Record<string, string> = {
  'traditional-json': 'json',
  'traditional-json-plus': 'json',
  'sarif-json': 'json',
  'traditional-html': 'html',
  'traditional-html-plus': 'html',
  'risk-confidence-html': 'html',
  'high-level-report': 'html',
  modern: 'html',
  'traditional-md': 'md',
  'traditional-xml': 'xml',
  'traditional-xml-plus': 'xml',
  'traditional-pdf': 'pdf',
};
const ADD_JSON_REPORT = `add a job {type: report, parameters: {template: traditional-json, reportDir: ${ZAP_WORK_DIR}, reportFile: report_json.json}} at the end of its jobs`;

type Json = Record<string, unknown>;

export function analyseZapPlan(
  text: string,
  source: ZapUserPlanSource,
  env: NodeJS.ProcessEnv = process.env,
): ZapUserPlan {
  const fail = (why: string): never => {
    throw new ConfigurationError(`input '${source.input}': ${source.file} ${why}`);
  };
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    return fail(`is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isObject(doc) || !Array.isArray(doc['jobs'])) {
    return fail("is not an Automation Framework plan: it has no 'jobs' list");
  }
  const envSection = isObject(doc['env']) ? doc['env'] : {};
  const vars = isObject(envSection['vars']) ? envSection['vars'] : {};
  const resolve = (value: string, where: string): string =>
    value.replace(/\$\{([^}]+)\}/g, (_whole, name: string) => {
      // As in ZAP, an environment variable wins over a plan variable of the same name.
      const v = env[name] ?? vars[name];
      if (v === undefined || v === null)
        return fail(`${where} uses \${${name}}, which is neither a plan variable nor set`);
      return String(v);
    });

  const reports: ZapPlanReport[] = [];
  let hasExitStatus = false;
  for (const [i, job] of (doc['jobs'] as unknown[]).entries()) {
    if (!isObject(job)) continue;
    if (job['type'] === 'exitStatus') hasExitStatus = true;
    if (job['type'] !== 'report') continue;
    const parameters = isObject(job['parameters']) ? job['parameters'] : {};
    const template = typeof parameters['template'] === 'string' ? parameters['template'] : 'risk-confidence-html';
    const reportDir = typeof parameters['reportDir'] === 'string' ? parameters['reportDir'] : undefined;
    if (reportDir === undefined) continue;
    const dir = workRelative(resolve(reportDir, `jobs[${i}].parameters.reportDir`));
    if (dir === undefined) continue;
    const reportFile = typeof parameters['reportFile'] === 'string' ? parameters['reportFile'] : undefined;
    const file =
      reportFile && !/\{\{|\[\[/.test(reportFile) ? resolve(reportFile, `jobs[${i}].parameters.reportFile`) : undefined;
    if (file !== undefined && (file.includes('/') || file.includes('\\') || file === '..')) {
      fail(`jobs[${i}].parameters.reportFile '${file}' must be a file name, not a path`);
    }
    reports.push({ template, dir, ...(file ? { file } : {}), extension: EXTENSIONS[template] ?? 'html' });
  }
  const jsonReport = reports.find((r) => JSON_TEMPLATES.includes(r.template));
  if (!jsonReport) {
    return fail(
      `has no report job writing a traditional-json report into ${ZAP_WORK_DIR}, which the action reads; ${ADD_JSON_REPORT}`,
    );
  }

  const names = new Set<string>();
  for (const match of text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) names.add(match[1]!);
  const contexts = Array.isArray(envSection['contexts']) ? envSection['contexts'] : [];
  const contextUrls = contexts.flatMap((c: unknown) =>
    isObject(c) && Array.isArray(c['urls']) ? c['urls'].filter((u): u is string => typeof u === 'string') : [],
  );
  return {
    jsonReport,
    otherReports: reports.filter((r) => r !== jsonReport),
    environmentNames: [...names].sort(),
    hasExitStatus,
    contextUrls,
  };
}

/** A report directory relative to /zap/wrk, or undefined when it lies elsewhere in the container. */
function workRelative(dir: string): string | undefined {
  const absolute = path.posix.resolve(ZAP_WORK_DIR, dir);
  const relative = path.posix.relative(ZAP_WORK_DIR, absolute);
  if (relative === '..' || relative.startsWith('../') || path.posix.isAbsolute(relative)) return undefined;
  return relative;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
