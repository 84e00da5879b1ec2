import { stringify } from 'yaml';
import { ConfigurationError } from '../runtime/errors.js';

/*
 * ZAP Automation Framework plans generated for the three scan modes
 * (https://www.zaproxy.org/docs/automate/automation-framework/):
 *
 *   baseline  spider, wait for the passive scanner                 (no attack)
 *   full      spider, wait for the passive scanner, active scan
 *   api       import an OpenAPI, GraphQL or SOAP definition, wait, active scan
 *
 * Every mode ends with three report jobs writing ZAP's traditional JSON
 * (what the action parses), HTML and Markdown reports into /zap/wrk. The
 * `zap-max-minutes` budget is shared out between the jobs that can run long
 * (spider, passive scan wait, active scan), each bounded by its own
 * maximum-duration setting, so the plan ends by itself; the process timeout
 * around it is a last resort.
 */

export type ZapMode = 'baseline' | 'full' | 'api';
export type ZapApiFormat = 'openapi' | 'graphql' | 'soap';

/** Where ZAP's container sees the output directory, and the plan inside it. */
export const ZAP_WORK_DIR = '/zap/wrk';
export const ZAP_PLAN_FILE = `${ZAP_WORK_DIR}/plan.yaml`;
/** Report file names, as the zaproxy actions name them. */
export const ZAP_REPORT_FILES = {
  json: 'report_json.json',
  html: 'report_html.html',
  md: 'report_md.md',
} as const;

/** The API definition to import, by URL or as a file inside the container. */
export interface ZapApiDefinition {
  readonly format: ZapApiFormat;
  readonly url?: string;
  /** A path inside the container (the file is mounted read-only). */
  readonly file?: string;
  /** GraphQL: the endpoint queried; default: the target. */
  readonly endpoint?: string;
}

export interface ZapPlanOptions {
  readonly mode: ZapMode;
  /** The application's URL: the one context's top URL, where the spider starts. */
  readonly target: string;
  readonly maxMinutes: number;
  /** Required in `api` mode. */
  readonly api?: ZapApiDefinition;
  /** Shown in the reports. */
  readonly title?: string;
}

/** Minutes per job that can run long; their sum is what the plan may take. */
export interface ZapBudget {
  readonly spider?: number;
  readonly passiveScanWait: number;
  readonly activeScan?: number;
  readonly totalMinutes: number;
}

export interface ZapPlan {
  readonly text: string;
  readonly budget: ZapBudget;
  readonly document: Record<string, unknown>;
}

const CONTEXT = 'target';

/**
 * The budget of each job: every bounded job gets at least one minute, so
 * with a budget smaller than the number of bounded jobs the plan may take a
 * little longer than `maxMinutes` (the total says how long).
 */
export function zapBudget(mode: ZapMode, maxMinutes: number): ZapBudget {
  const m = Math.max(1, Math.floor(maxMinutes));
  if (mode === 'baseline') {
    const spider = Math.max(1, Math.floor(m / 2));
    const passiveScanWait = Math.max(1, m - spider);
    return { spider, passiveScanWait, totalMinutes: spider + passiveScanWait };
  }
  if (mode === 'full') {
    const spider = Math.max(1, Math.floor(m / 5));
    const passiveScanWait = Math.max(1, Math.floor(m / 10));
    const activeScan = Math.max(1, m - spider - passiveScanWait);
    return { spider, passiveScanWait, activeScan, totalMinutes: spider + passiveScanWait + activeScan };
  }
  const passiveScanWait = Math.max(1, Math.floor(m / 10));
  const activeScan = Math.max(1, m - passiveScanWait);
  return { passiveScanWait, activeScan, totalMinutes: passiveScanWait + activeScan };
}

export function zapPlan(options: ZapPlanOptions): ZapPlan {
  const target = planUrl(options.target, 'target');
  const budget = zapBudget(options.mode, options.maxMinutes);
  const jobs: Record<string, unknown>[] = [
    {
      type: 'passiveScan-config',
      parameters: { scanOnlyInScope: true, enableTags: false },
    },
  ];
  if (options.mode === 'api') {
    if (!options.api) throw new Error("zap-plan: mode 'api' needs an API definition");
    jobs.push(importJob(options.api, target));
  } else {
    jobs.push({
      type: 'spider',
      parameters: { context: CONTEXT, url: target, maxDuration: budget.spider },
    });
  }
  jobs.push({ type: 'passiveScan-wait', parameters: { maxDuration: budget.passiveScanWait } });
  if (budget.activeScan !== undefined) {
    jobs.push({
      type: 'activeScan',
      parameters: { context: CONTEXT, maxScanDurationInMins: budget.activeScan },
    });
  }
  const title = options.title ?? `ZAP ${options.mode} scan of ${target}`;
  for (const [template, file] of [
    ['traditional-json', ZAP_REPORT_FILES.json],
    ['traditional-html', ZAP_REPORT_FILES.html],
    ['traditional-md', ZAP_REPORT_FILES.md],
  ] as const) {
    jobs.push({
      type: 'report',
      parameters: { template, reportDir: ZAP_WORK_DIR, reportFile: file, reportTitle: title },
    });
  }
  const document = {
    env: {
      contexts: [{ name: CONTEXT, urls: [target] }],
      parameters: { failOnError: true, failOnWarning: false, continueOnFailure: false, progressToStdout: true },
    },
    jobs,
  };
  return { text: stringify(document, { lineWidth: 0 }), budget, document };
}

function importJob(api: ZapApiDefinition, target: string): Record<string, unknown> {
  const source = (urlKey: string, fileKey: string): Record<string, string> => {
    if (api.file) return { [fileKey]: api.file };
    if (api.url) return { [urlKey]: planUrl(api.url, 'zap-api-definition') };
    throw new Error('zap-plan: an API definition needs a URL or a file');
  };
  if (api.format === 'soap') return { type: 'soap', parameters: source('wsdlUrl', 'wsdlFile') };
  if (api.format === 'graphql') {
    const endpoint = planUrl(api.endpoint ?? target, 'zap-api-definition');
    // A definition that is the endpoint itself is read by introspection.
    const schema = api.url && api.url === api.endpoint ? {} : source('schemaUrl', 'schemaFile');
    return { type: 'graphql', parameters: { endpoint, ...schema } };
  }
  // The target overrides the servers the definition names, so the scan hits the deployment under test.
  return { type: 'openapi', parameters: { ...source('apiUrl', 'apiFile'), targetUrl: target } };
}

/**
 * A URL as the plan gets it. The Automation Framework replaces `${NAME}`
 * with environment variables anywhere in a plan, so a URL must not carry one.
 */
function planUrl(value: string, what: string): string {
  const href = new URL(value).href;
  if (href.includes('${')) {
    throw new ConfigurationError(
      `input '${what}' must not contain '\${' (ZAP would read it as a variable); got '${value}'`,
    );
  }
  return href;
}

/**
 * Which kind of API definition a file or URL holds. Files are told by their
 * content (WSDL, GraphQL schema language, or an OpenAPI/Swagger document);
 * URLs by their path: `.wsdl` or `?wsdl` is SOAP, `.graphql`/`.gql` a GraphQL
 * schema, a path ending in `/graphql` a GraphQL endpoint (read by
 * introspection), anything else OpenAPI. Undefined when a file is none of them.
 */
export function apiDefinitionFormat(
  definition: { readonly url: string } | { readonly file: string; readonly content: string },
): { format: ZapApiFormat; endpoint?: boolean } | undefined {
  if ('url' in definition) {
    const url = new URL(definition.url);
    const pathName = url.pathname.toLowerCase();
    if (pathName.endsWith('.wsdl') || /(^|&)wsdl(=|&|$)/i.test(url.search.slice(1))) return { format: 'soap' };
    if (/\.(graphql|graphqls|gql)$/.test(pathName)) return { format: 'graphql' };
    if (/\/graphql\/?$/.test(pathName)) return { format: 'graphql', endpoint: true };
    return { format: 'openapi' };
  }
  const text = definition.content.replace(/^\uFEFF/, '');
  const head = text.slice(0, 64 * 1024);
  if (/<(?:[A-Za-z0-9_-]+:)?definitions\b/.test(head) && /wsdl/i.test(head)) return { format: 'soap' };
  if (/^\s*(?:openapi|swagger)\s*:/m.test(head) || /["'](?:openapi|swagger)["']\s*:/.test(head)) {
    return { format: 'openapi' };
  }
  const sdl =
    /^\s*(?:extend\s+)?(?:(?:type|input|interface|enum)\s+[A-Za-z_]\w*[^\n:{]*\{|schema\s*\{|scalar\s+[A-Za-z_]\w*\s*$|union\s+[A-Za-z_]\w*\s*=|directive\s+@)/m;
  if (/\.(graphql|graphqls|gql)$/i.test(definition.file) || sdl.test(head)) return { format: 'graphql' };
  return undefined;
}
