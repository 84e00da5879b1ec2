import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Ajv as AjvType } from 'ajv';
import { ConfigurationError } from '../runtime/errors.js';
import type { Severity } from './finding.js';

/*
 * The gate policy: `fail-on`, `only-fixed` and justified, expiring
 * exceptions, from the step's inputs and/or a policy file (default
 * `.github/devsecops.yml`). An input the step sets wins over the file; the
 * documented defaults (`high`, `false`) apply last.
 */

export const THRESHOLDS = ['critical', 'high', 'medium', 'low', 'none'] as const;
export type Threshold = (typeof THRESHOLDS)[number];

export const DEFAULT_POLICY_FILE = '.github/devsecops.yml';

export interface PolicyException {
  readonly id: string;
  readonly package?: string;
  readonly path?: string;
  readonly reason: string;
  /** YYYY-MM-DD; the exception applies up to and including that day (UTC). */
  readonly expires: string;
}

export interface PolicyFile {
  readonly file: string;
  readonly 'fail-on'?: Threshold;
  readonly 'only-fixed'?: boolean;
  readonly ignore: readonly PolicyException[];
}

export type PolicySource = 'input' | 'policy file' | 'default';

export interface Policy {
  readonly failOn: Threshold;
  readonly failOnSource: PolicySource;
  readonly onlyFixed: boolean;
  readonly onlyFixedSource: PolicySource;
  readonly ignore: readonly PolicyException[];
  /** The policy file that was read, relative to the workspace. */
  readonly file?: string;
}

export function thresholdSeverity(threshold: Threshold): Severity | undefined {
  return threshold === 'none' ? undefined : threshold;
}

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    'fail-on': { enum: [...THRESHOLDS] },
    'only-fixed': { type: 'boolean' },
    ignore: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'reason', 'expires'],
        properties: {
          id: { type: 'string', minLength: 1 },
          package: { type: 'string', minLength: 1 },
          path: { type: 'string', minLength: 1 },
          reason: { type: 'string', minLength: 1, pattern: '\\S' },
          expires: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
        },
      },
    },
  },
} as const;

/** Reads and validates a policy file; every problem is a ConfigurationError naming the file and the key. */
export async function loadPolicyFile(file: string, displayName = file): Promise<PolicyFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigurationError(
      `policy file ${displayName} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  const { parse } = await import('yaml');
  let doc: unknown;
  try {
    doc = parse(text, { prettyErrors: false }) ?? {};
  } catch (error) {
    throw new ConfigurationError(
      `policy file ${displayName} is not valid YAML: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  // ajv is CommonJS: its class is the named export under Node's ESM loader and the default export once bundled.
  const ajvModule = (await import('ajv')) as unknown as { Ajv?: typeof AjvType; default: typeof AjvType };
  const AjvClass = ajvModule.Ajv ?? ajvModule.default;
  const ajv = new AjvClass({ allErrors: false, strict: true });
  const validate = ajv.compile(SCHEMA);
  if (!validate(doc)) {
    const error = validate.errors?.[0];
    throw new ConfigurationError(`policy file ${displayName}: ${describeSchemaError(error, doc)}`);
  }
  const policy = doc as { 'fail-on'?: Threshold; 'only-fixed'?: boolean; ignore?: PolicyException[] };
  policy.ignore?.forEach((entry, i) => {
    if (Number.isNaN(Date.parse(`${entry.expires}T00:00:00Z`)) || !isRealDate(entry.expires)) {
      throw new ConfigurationError(
        `policy file ${displayName}: 'ignore[${i}].expires' must be a date YYYY-MM-DD; got '${entry.expires}'`,
      );
    }
  });
  return { file: displayName, ...policy, ignore: policy.ignore ?? [] };
}

interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

function describeSchemaError(error: SchemaError | undefined, doc: unknown): string {
  if (!error) return 'invalid';
  const key = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('')
    .replace(/^\./, '');
  const at = (extra: string): string => (key ? `${key}.${extra}` : extra);
  switch (error.keyword) {
    case 'required':
      return `'${at(String(error.params['missingProperty']))}' is required`;
    case 'additionalProperties':
      return `unknown key '${at(String(error.params['additionalProperty']))}' (allowed: ${allowedKeys(key)})`;
    case 'enum':
      return `'${key}' must be one of ${THRESHOLDS.join(', ')}; got '${String(valueAt(doc, error.instancePath))}'`;
    case 'pattern':
      return key.endsWith('expires')
        ? `'${key}' must be a date YYYY-MM-DD; got '${String(valueAt(doc, error.instancePath))}'`
        : `'${key}' must not be empty`;
    case 'type':
      return `'${key || 'the document'}' must be ${String(error.params['type'])}`;
    case 'minLength':
      return `'${key}' must not be empty`;
    default:
      return `'${key}' ${error.message ?? 'is invalid'}`;
  }
}

function allowedKeys(key: string): string {
  return key.startsWith('ignore[') ? 'id, package, path, reason, expires' : 'fail-on, only-fixed, ignore';
}

function valueAt(doc: unknown, pointer: string): unknown {
  let node: unknown = doc;
  for (const part of pointer.split('/').slice(1)) node = (node as Record<string, unknown> | undefined)?.[part];
  return node;
}

function isRealDate(text: string): boolean {
  const d = new Date(`${text}T00:00:00Z`);
  return d.toISOString().slice(0, 10) === text;
}

/**
 * The policy file to read: the `policy` input when set, else the default file
 * when it exists in the workspace. Returns the absolute path and a display name.
 */
export function policyFilePath(
  input: string | undefined,
  workspace: string,
): { path: string; display: string } | undefined {
  if (input) return { path: input, display: path.relative(workspace, input) || input };
  const fallback = path.join(workspace, DEFAULT_POLICY_FILE);
  return existsSync(fallback) ? { path: fallback, display: DEFAULT_POLICY_FILE } : undefined;
}

export function resolvePolicy(inputs: { failOn?: Threshold; onlyFixed?: boolean }, file?: PolicyFile): Policy {
  const failOn: [Threshold, PolicySource] =
    inputs.failOn !== undefined
      ? [inputs.failOn, 'input']
      : file?.['fail-on'] !== undefined
        ? [file['fail-on'], 'policy file']
        : ['high', 'default'];
  const onlyFixed: [boolean, PolicySource] =
    inputs.onlyFixed !== undefined
      ? [inputs.onlyFixed, 'input']
      : file?.['only-fixed'] !== undefined
        ? [file['only-fixed'], 'policy file']
        : [false, 'default'];
  return {
    failOn: failOn[0],
    failOnSource: failOn[1],
    onlyFixed: onlyFixed[0],
    onlyFixedSource: onlyFixed[1],
    ignore: file?.ignore ?? [],
    ...(file ? { file: file.file } : {}),
  };
}

/**
 * The effective policy of a step: the policy file (the `policy` input, or the
 * default file when present) under the inputs the step set.
 */
export async function loadPolicy(
  inputs: { policy?: string; failOn?: Threshold; onlyFixed?: boolean },
  workspace: string,
): Promise<Policy> {
  const file = policyFilePath(inputs.policy, workspace);
  const loaded = file ? await loadPolicyFile(file.path, file.display) : undefined;
  return resolvePolicy({ failOn: inputs.failOn, onlyFixed: inputs.onlyFixed }, loaded);
}
