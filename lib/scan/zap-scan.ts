import * as core from '@actions/core';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_ZAP_IMAGE, Zap, type ZapMount } from '../cli/zap.js';
import {
  ZAP_PLAN_FILE,
  ZAP_REPORT_FILES,
  ZAP_WORK_DIR,
  zapPlan,
  type ZapApiDefinition,
  type ZapApiFormat,
  type ZapMode,
} from '../cli/zap-plan.js';
import { parseZapReport } from '../cli/zap-report.js';
import { applyZapRules, type ZapRule } from '../cli/zap-rules.js';
import type { ZapPlanReport, ZapUserPlan } from '../cli/zap-user-plan.js';
import { OperationError } from '../runtime/errors.js';
import type { ScanOutcome } from './scan-outcome.js';

/** An API definition as the runner has it: a URL ZAP fetches, or a file mounted read-only. */
export type ZapApiSource =
  | { readonly url: string; readonly format: ZapApiFormat; readonly endpoint?: boolean }
  | { readonly file: string; readonly format: ZapApiFormat };

export interface ZapRules {
  readonly rules: readonly ZapRule[];
  /** The rules file as the user knows it; suppressed findings name it. */
  readonly source: string;
}

export interface ZapScanRequest {
  readonly mode: ZapMode;
  readonly target: string;
  readonly maxMinutes: number;
  /** Default: the pinned official image. */
  readonly image?: string;
  readonly apiDefinition?: ZapApiSource;
  /** The user's own plan, run instead of a generated one. */
  readonly userPlan?: { readonly text: string; readonly plan: ZapUserPlan };
  readonly rules?: ZapRules;
  /** Where the reports are written, next to the SARIF; ZAP's own work directory is made inside it. */
  readonly outDir: string;
  readonly docker?: Zap;
}

/** Start-up of ZAP (add-ons, JVM) and report generation, on top of the plan's own budget. */
export const ZAP_MARGIN_MINUTES = 10;
const PULL_TIMEOUT_MS = 30 * 60_000;
/** Variables ZAP reads itself to add an authentication header to every request (as zaproxy/action-af passes them). */
const ZAP_AUTH_VARIABLES = ['ZAP_AUTH_HEADER', 'ZAP_AUTH_HEADER_VALUE', 'ZAP_AUTH_HEADER_SITE'];
/** Never passed from the runner: the container's own values must stand. */
const CONTAINER_VARIABLES = new Set([
  'HOME',
  'PATH',
  'JAVA_HOME',
  'LANG',
  'LC_ALL',
  'USER',
  'SHELL',
  'PWD',
  'HOSTNAME',
]);

/**
 * Runs ZAP in its container on a generated plan (or the user's), then reads
 * its JSON report. The JSON, HTML and Markdown reports are moved next to
 * the SARIF before the findings are returned, so they exist whatever the gate decides.
 */
export async function runZapScan(request: ZapScanRequest): Promise<ScanOutcome> {
  const image = request.image ?? DEFAULT_ZAP_IMAGE;
  // An API definition file is copied into the work directory and mounted read-only under the same name.
  const definition = request.apiDefinition;
  const apiFileName =
    definition && 'file' in definition
      ? `api-definition${path.extname(definition.file).replace(/[^A-Za-z0-9.]/g, '') || '.txt'}`
      : undefined;
  let api: ZapApiDefinition | undefined;
  if (definition && 'file' in definition) {
    api = { format: definition.format, file: `${ZAP_WORK_DIR}/${apiFileName}` };
  } else if (definition) {
    api = {
      format: definition.format,
      url: definition.url,
      ...(definition.endpoint ? { endpoint: definition.url } : {}),
    };
  }

  // The plan first: a mistake in it is the user's to fix before anything runs.
  let planMinutes: number;
  let planText: string;
  if (request.userPlan) {
    planText = request.userPlan.text;
    planMinutes = request.maxMinutes;
    warnAboutUserPlan(request.userPlan.plan, request.target);
  } else {
    const plan = zapPlan({
      mode: request.mode,
      target: request.target,
      maxMinutes: request.maxMinutes,
      ...(api ? { api } : {}),
    });
    planText = plan.text;
    planMinutes = plan.budget.totalMinutes;
    core.info(
      `ZAP ${request.mode} scan of ${request.target}: ${describeBudget(plan.budget)} (zap-max-minutes ${request.maxMinutes})`,
    );
  }

  const zap = request.docker ?? new Zap();
  core.info(`Docker ${await zap.dockerVersion()}`);

  // A fresh work directory: a report left by an earlier run in the same job must never be read as this one's.
  const work = path.join(request.outDir, 'zap-wrk');
  await rm(work, { recursive: true, force: true });
  const user = runnerUser();
  await mkdir(work, { recursive: true, ...(user ? { mode: 0o700 } : {}) });
  const readOnly: ZapMount[] = [];
  if (definition && 'file' in definition && apiFileName) {
    await copyFile(definition.file, path.join(work, apiFileName));
    readOnly.push({ host: path.join(work, apiFileName), container: `${ZAP_WORK_DIR}/${apiFileName}` });
  }
  const planName = path.posix.basename(ZAP_PLAN_FILE);
  await writeFile(path.join(work, planName), planText);
  readOnly.push({ host: path.join(work, planName), container: ZAP_PLAN_FILE });

  const environment = passedVariables(request.userPlan?.plan.environmentNames ?? []);
  if (process.env['ZAP_AUTH_HEADER_VALUE']) core.setSecret(process.env['ZAP_AUTH_HEADER_VALUE']);

  const pulled = await zap.ensureImage(image, PULL_TIMEOUT_MS);
  core.info(`ZAP image ${image} ${pulled === 'pulled' ? 'pulled' : 'found on the runner'}`);
  const timeoutMs = (planMinutes + ZAP_MARGIN_MINUTES) * 60_000;
  const { exitCode } = await zap.scan(
    {
      image,
      workDir: work,
      readOnly,
      plan: ZAP_PLAN_FILE,
      ...(user ? { user } : {}),
      environment,
      containerName: `devsecops-zap-${randomBytes(6).toString('hex')}`,
    },
    timeoutMs,
  );
  if (exitCode === 2) core.warning('ZAP finished the plan with warnings (exit code 2); the job log above shows them');

  const jsonReport: ZapPlanReport = request.userPlan?.plan.jsonReport ?? {
    template: 'traditional-json',
    dir: '',
    file: ZAP_REPORT_FILES.json,
    extension: 'json',
  };
  const written = await findReport(work, jsonReport);
  if (!written) {
    throw new OperationError(
      `ZAP wrote no JSON report (expected ${ZAP_WORK_DIR}/${[jsonReport.dir, jsonReport.file ?? '*.json'].filter(Boolean).join('/')}); the job log above shows what ZAP did`,
    );
  }
  const jsonFile = path.join(request.outDir, 'zap-report.json');
  await rename(written, jsonFile);
  const extraFiles = [{ label: 'ZAP JSON report', path: jsonFile }];
  if (request.userPlan) {
    for (const other of request.userPlan.plan.otherReports) {
      const file = await findReport(work, other);
      if (file) extraFiles.push({ label: `ZAP report (${other.template})`, path: file });
    }
  } else {
    for (const [ext, kind] of [
      ['html', 'HTML'],
      ['md', 'Markdown'],
    ] as const) {
      const from = path.join(work, ZAP_REPORT_FILES[ext]);
      if (!existsSync(from)) {
        core.warning(`ZAP wrote no ${kind} report (${ZAP_WORK_DIR}/${ZAP_REPORT_FILES[ext]})`);
        continue;
      }
      const to = path.join(request.outDir, `zap-report.${ext}`);
      await rename(from, to);
      extraFiles.push({ label: `ZAP ${kind} report`, path: to });
    }
  }
  const outcome = await zapReportOutcome(jsonFile, request.rules);
  return { ...outcome, extraFiles };
}

/** An existing ZAP JSON report (the `report` input, or the one just written), with the rules file applied. */
export async function zapReportOutcome(file: string, rules?: ZapRules): Promise<ScanOutcome> {
  const report = parseZapReport(await readFile(file, 'utf8'));
  const findings = rules ? applyZapRules(report.findings, rules.rules, rules.source) : report.findings;
  return { findings, ...(report.zapVersion ? { toolVersion: report.zapVersion } : {}) };
}

/** The report a report job wrote: its named file (ZAP adds the template's extension when missing), or the only one of its kind. */
async function findReport(work: string, report: ZapPlanReport): Promise<string | undefined> {
  const dir = path.join(work, ...report.dir.split('/').filter(Boolean));
  if (report.file) {
    for (const name of [report.file, `${report.file}.${report.extension}`]) {
      const file = path.join(dir, name);
      if (existsSync(file)) return file;
    }
    return undefined;
  }
  const inputs = new Set([path.posix.basename(ZAP_PLAN_FILE)]);
  const entries = existsSync(dir) ? await readdir(dir) : [];
  const candidates = entries.filter(
    (name) => name.endsWith(`.${report.extension}`) && !inputs.has(name) && !name.startsWith('api-definition'),
  );
  return candidates.length === 1 ? path.join(dir, candidates[0]!) : undefined;
}

/** The runner's uid and gid, where the platform has them (Linux runners). */
function runnerUser(): { uid: number; gid: number } | undefined {
  const uid = process.getuid?.();
  const gid = process.getgid?.();
  return uid === undefined || gid === undefined ? undefined : { uid, gid };
}

/** Names (never values) of the variables the container gets: those the plan uses and ZAP's own, when set. */
function passedVariables(planNames: readonly string[]): string[] {
  const names = [...planNames, ...ZAP_AUTH_VARIABLES].filter(
    (name, i, all) => all.indexOf(name) === i && !CONTAINER_VARIABLES.has(name) && process.env[name] !== undefined,
  );
  if (names.length) core.info(`passing environment variables to ZAP by name: ${names.join(', ')}`);
  return names;
}

function warnAboutUserPlan(plan: ZapUserPlan, target: string): void {
  if (plan.hasExitStatus) {
    core.warning(
      "the plan has an exitStatus job: ZAP's exit code then depends on the alerts, and exit code 1 fails the step before the gate; the action gates on the findings itself, so remove the job",
    );
  }
  const origin = new URL(target).origin;
  const urls = plan.contextUrls.filter((u) => !u.includes('${'));
  if (urls.length && !urls.some((u) => URL.canParse(u) && new URL(u).origin === origin)) {
    core.warning(`none of the plan's context URLs (${urls.join(', ')}) is on the target ${origin}`);
  }
}

function describeBudget(b: {
  spider?: number;
  passiveScanWait: number;
  activeScan?: number;
  totalMinutes: number;
}): string {
  const parts = [
    b.spider !== undefined ? `spider ≤ ${b.spider} min` : undefined,
    `passive scan wait ≤ ${b.passiveScanWait} min`,
    b.activeScan !== undefined ? `active scan ≤ ${b.activeScan} min` : undefined,
  ].filter(Boolean);
  return `${parts.join(', ')}, ${b.totalMinutes} min in all`;
}
