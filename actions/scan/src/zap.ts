import * as core from '@actions/core';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { apiDefinitionFormat } from '../../../lib/cli/zap-plan.js';
import { parseZapRules } from '../../../lib/cli/zap-rules.js';
import { analyseZapPlan } from '../../../lib/cli/zap-user-plan.js';
import { ConfigurationError } from '../../../lib/runtime/errors.js';
import { resolveWorkspacePath } from '../../../lib/runtime/inputs.js';
import type { ScanOutcome } from '../../../lib/scan/scan-outcome.js';
import { runZapScan, zapReportOutcome, type ZapApiSource, type ZapRules } from '../../../lib/scan/zap-scan.js';
import type { Inputs } from './inputs.js';

/**
 * Wiring of scanner 'zap': inputs to lib/scan, reports under outDir. The
 * files the inputs name (rules file, plan, API definition) are read and
 * checked before anything runs or is written.
 */
export async function runZapFromInputs(inputs: Inputs, outDir: string, workspace: string): Promise<ScanOutcome> {
  const shown = (file: string): string => path.relative(workspace, file).split(path.sep).join('/') || file;
  let rules: ZapRules | undefined;
  if (inputs['zap-rules-file']) {
    const file = inputs['zap-rules-file'];
    const text = await readInputFile('zap-rules-file', file, shown);
    rules = { rules: parseZapRules(text, { input: 'zap-rules-file', file: shown(file) }), source: shown(file) };
  }
  if (inputs.report) return zapReportOutcome(inputs.report, rules);

  let userPlan: Parameters<typeof runZapScan>[0]['userPlan'];
  if (inputs['zap-plan']) {
    const file = inputs['zap-plan'];
    const text = await readInputFile('zap-plan', file, shown);
    userPlan = { text, plan: analyseZapPlan(text, { input: 'zap-plan', file: shown(file) }) };
  }
  const useApi = inputs['zap-mode'] === 'api' && !userPlan;
  if (inputs['zap-api-definition'] && !useApi) {
    core.warning(
      `input 'zap-api-definition' is not used: it is read with zap-mode 'api' only${userPlan ? ', and zap-plan runs instead of a generated plan' : ''}`,
    );
  }
  const apiDefinition = useApi ? await apiSource(inputs['zap-api-definition']!, shown) : undefined;

  return runZapScan({
    mode: inputs['zap-mode'],
    target: inputs.target,
    maxMinutes: inputs['zap-max-minutes'],
    ...(inputs['zap-image'] ? { image: inputs['zap-image'] } : {}),
    ...(apiDefinition ? { apiDefinition } : {}),
    ...(userPlan ? { userPlan } : {}),
    ...(rules ? { rules } : {}),
    outDir,
  });
}

async function apiSource(value: string, shown: (file: string) => string): Promise<ZapApiSource> {
  if (/^https?:\/\//.test(value)) {
    const detected = apiDefinitionFormat({ url: value })!;
    return { url: value, ...detected };
  }
  const file = resolveWorkspacePath('zap-api-definition', value, { mustExist: true });
  const detected = apiDefinitionFormat({ file, content: await readInputFile('zap-api-definition', file, shown) });
  if (!detected) {
    throw new ConfigurationError(
      `input 'zap-api-definition': ${shown(file)} is not an OpenAPI/Swagger document, a GraphQL schema or a WSDL file`,
    );
  }
  return { file, format: detected.format };
}

/** A file an input names; a directory or an unreadable file is the user's to fix. */
async function readInputFile(input: string, file: string, shown: (file: string) => string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'EISDIR' ? 'is a directory, not a file' : `cannot be read (${code ?? (error as Error).message})`;
    throw new ConfigurationError(`input '${input}': ${shown(file)} ${why}`);
  }
}
