import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';

/*
 * Validates SARIF the way it will be judged: against the official SARIF
 * 2.1.0 schema (the copy shipped by Microsoft's SARIF multitool) with every
 * format checked, then against GitHub code scanning's ingestion rules.
 */

const require = createRequire(import.meta.url);
let validator: ((doc: unknown) => boolean) & { errors?: unknown[] | null };

function schemaValidator(): typeof validator {
  if (!validator) {
    const schema = JSON.parse(
      readFileSync(require.resolve('@microsoft/sarif-multitool-linux/sarif-2.1.0.json'), 'utf8'),
    ) as Record<string, unknown>;
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    validator = ajv.compile(schema) as typeof validator;
  }
  return validator;
}

export function sarifSchemaErrors(doc: unknown): string[] {
  const validate = schemaValidator();
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e) => JSON.stringify(e));
}

type Obj = Record<string, unknown>;

/** GitHub code scanning's rules for an uploaded SARIF file (documented limits and required properties). */
export function githubSarifProblems(text: string, options: { allowUrlLocations?: boolean } = {}): string[] {
  const problems: string[] = [];
  if (gzipSync(text).length > 10 * 1024 * 1024) problems.push('larger than 10 MB gzipped');
  const doc = JSON.parse(text) as Obj;
  if (doc['version'] !== '2.1.0') problems.push('version is not 2.1.0');
  const runs = (doc['runs'] as Obj[] | undefined) ?? [];
  if (runs.length === 0) problems.push('no runs');
  const categories = new Set<string>();
  for (const [r, run] of runs.entries()) {
    const driver = ((run['tool'] as Obj)['driver'] as Obj) ?? {};
    const id = (run['automationDetails'] as Obj | undefined)?.['id'];
    if (typeof id !== 'string' || !id) problems.push(`run ${r}: no automationDetails.id`);
    else {
      const key = `${String(driver['name'])}|${id}`;
      if (categories.has(key)) problems.push(`run ${r}: duplicate tool and category ${key}`);
      categories.add(key);
    }
    if (!driver['name']) problems.push(`run ${r}: tool.driver.name missing`);
    const rules = (driver['rules'] as Obj[] | undefined) ?? [];
    if (rules.length > 25_000) problems.push(`run ${r}: more than 25,000 rules`);
    const ruleIds = new Set<string>();
    for (const rule of rules) {
      const rid = String(rule['id']);
      if (ruleIds.has(rid)) problems.push(`rule ${rid}: duplicate id`);
      ruleIds.add(rid);
      if (!(rule['shortDescription'] as Obj | undefined)?.['text']) problems.push(`rule ${rid}: no shortDescription`);
      if (!(rule['fullDescription'] as Obj | undefined)?.['text']) problems.push(`rule ${rid}: no fullDescription`);
      if (!(rule['help'] as Obj | undefined)?.['text']) problems.push(`rule ${rid}: no help text`);
      const sev = (rule['properties'] as Obj | undefined)?.['security-severity'];
      if (typeof sev !== 'string' || !/^\d+(\.\d+)?$/.test(sev) || Number(sev) > 10)
        problems.push(`rule ${rid}: security-severity ${String(sev)} is not a number 0-10 as a string`);
    }
    const results = (run['results'] as Obj[] | undefined) ?? [];
    if (results.length > 25_000) problems.push(`run ${r}: more than 25,000 results`);
    for (const [i, result] of results.entries()) {
      const where = `run ${r} result ${i}`;
      const ruleId = result['ruleId'];
      if (typeof ruleId !== 'string' || !ruleIds.has(ruleId))
        problems.push(`${where}: ruleId ${String(ruleId)} has no rule`);
      const idx = result['ruleIndex'];
      if (typeof idx === 'number' && rules[idx]?.['id'] !== ruleId)
        problems.push(`${where}: ruleIndex points at another rule`);
      if (!(result['message'] as Obj | undefined)?.['text']) problems.push(`${where}: no message text`);
      const fp = result['partialFingerprints'] as Obj | undefined;
      if (!fp || Object.keys(fp).length === 0) problems.push(`${where}: no partialFingerprints`);
      const locations = (result['locations'] as Obj[] | undefined) ?? [];
      if (locations.length === 0 || locations.length > 10)
        problems.push(`${where}: ${locations.length} locations (1 to 10 allowed)`);
      for (const loc of locations) {
        const physical = loc['physicalLocation'] as Obj | undefined;
        const uri = (physical?.['artifactLocation'] as Obj | undefined)?.['uri'];
        if (typeof uri !== 'string' || !uri) {
          problems.push(`${where}: location without artifactLocation.uri`);
          continue;
        }
        const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:/.exec(uri)?.[0];
        if (scheme === 'file:') problems.push(`${where}: absolute file URI ${uri}`);
        else if (scheme && !(options.allowUrlLocations && /^https?:$/.test(scheme)))
          problems.push(`${where}: URI ${uri} is not relative`);
        if (/\s/.test(uri)) problems.push(`${where}: URI ${uri} has white space`);
        const region = physical?.['region'] as Obj | undefined;
        if (region && !(typeof region['startLine'] === 'number' && region['startLine'] >= 1))
          problems.push(`${where}: region without a startLine >= 1`);
      }
    }
  }
  return problems;
}
