import {
  getBooleanInput,
  getDurationInput,
  getEnumInput,
  getIdentifierInput,
  getImageReferenceInput,
  getIntegerInput,
  getListInput,
  getOptionalInput,
  getOutputPathInput,
  getRequiredInput,
  getUrlInput,
  getWorkspacePathInput,
  resolveWorkspacePath,
} from '../../../lib/runtime/inputs.js';
import { ConfigurationError, invalidInput } from '../../../lib/runtime/errors.js';
import { parseImageReference } from '../../../lib/oci/reference.js';
import { resolveToolMirror } from '../../../lib/tools/asset-url.js';
import { getToolVersionInputs, type ToolVersionChoice } from '../../../lib/tools/tool-version.js';
import type { ToolName } from '../../../lib/tools/types.js';
import { resolveTrivyTarget, type TrivyTarget } from '../../../lib/scan/trivy-target.js';

export const SCANNERS = ['trivy', 'kube-score', 'zap'] as const;
export const TRIVY_TARGET_TYPES = ['fs', 'image', 'config', 'sbom', 'rootfs'] as const;
export const TRIVY_SCANNERS = ['vuln', 'secret', 'misconfig', 'config', 'license'] as const;
export const SEVERITY_THRESHOLDS = ['critical', 'high', 'medium', 'low', 'none'] as const;
export const RENDERERS = ['none', 'kustomize', 'helm'] as const;
export const ZAP_MODES = ['baseline', 'full', 'api'] as const;

export type Scanner = (typeof SCANNERS)[number];

/** Every input of actions/scan, keyed by its exact name, validated. */
export interface Inputs {
  readonly scanner: Scanner;
  readonly target: string;
  /** The Trivy target resolved before any work (undefined for other scanners or with `report`). */
  readonly trivyTarget?: TrivyTarget;
  readonly 'trivy-target-type': (typeof TRIVY_TARGET_TYPES)[number];
  readonly 'trivy-scanners': string[];
  readonly 'trivy-db-repository': string[];
  readonly 'trivy-java-db-repository': string[];
  readonly 'trivy-server'?: URL;
  readonly 'trivy-ignore-file'?: string;
  readonly 'trivy-skip-dirs': string[];
  readonly cache: boolean;
  readonly 'kube-score-render': (typeof RENDERERS)[number];
  readonly 'kubernetes-version'?: string;
  readonly 'kube-score-ignore-tests': string[];
  readonly 'kube-score-optional-tests': string[];
  readonly 'helm-values': string[];
  readonly 'zap-mode': (typeof ZAP_MODES)[number];
  readonly 'zap-api-definition'?: string;
  readonly 'zap-plan'?: string;
  readonly 'zap-rules-file'?: string;
  readonly 'zap-image'?: string;
  readonly 'zap-max-minutes': number;
  /** Undefined when the step left it out: the policy file, then the documented default `high`, decide. */
  readonly 'fail-on'?: (typeof SEVERITY_THRESHOLDS)[number];
  readonly 'only-fixed'?: boolean;
  readonly policy?: string;
  readonly 'sarif-file'?: string;
  readonly 'json-file'?: string;
  readonly category?: string;
  readonly summary: boolean;
  readonly annotations: boolean;
  readonly 'upload-artifact': boolean;
  readonly 'artifact-name'?: string;
  readonly timeoutMs: number;
  readonly tool: ToolVersionChoice;
  /** helm for kube-score-render helm (`helm-version`, `helm-sha256`); the pinned helm when empty. */
  readonly helm: ToolVersionChoice;
  readonly 'tool-mirror'?: string;
  readonly report?: string;
}

const TOOL_OF: Record<Scanner, ToolName | undefined> = { trivy: 'trivy', 'kube-score': 'kube-score', zap: undefined };

export function getInputs(): Inputs {
  const scanner = getEnumInput('scanner', SCANNERS);
  if (scanner === undefined) throw new ConfigurationError(`input 'scanner' is required and was not set`);
  const target = getRequiredInput('target');
  const targetType = getEnumInput('trivy-target-type', TRIVY_TARGET_TYPES, 'fs');

  const trivyScanners = getListInput('trivy-scanners').map((s) => s.toLowerCase());
  for (const s of trivyScanners) {
    if (!(TRIVY_SCANNERS as readonly string[]).includes(s)) {
      throw invalidInput('trivy-scanners', s, `a list of ${TRIVY_SCANNERS.join(', ')}`);
    }
  }
  const dbRepositories = getListInput('trivy-db-repository');
  for (const repo of dbRepositories) checkRepository('trivy-db-repository', repo);
  const javaDbRepositories = getListInput('trivy-java-db-repository');
  for (const repo of javaDbRepositories) checkRepository('trivy-java-db-repository', repo);

  const kubernetesVersion = getOptionalInput('kubernetes-version');
  if (kubernetesVersion !== undefined && !/^v?1\.\d{1,2}(\.\d{1,3})?$/.test(kubernetesVersion)) {
    throw invalidInput('kubernetes-version', kubernetesVersion, 'a Kubernetes version such as v1.32');
  }
  const testIds = (name: string): string[] => {
    const ids = getListInput(name);
    for (const id of ids)
      if (!/^[a-z0-9][a-z0-9-]*$/.test(id))
        throw invalidInput(name, id, 'kube-score test ids such as container-resources');
    return ids;
  };

  const zapImage = getImageReferenceInput('zap-image');
  if (zapImage !== undefined && !parseImageReference(zapImage).digest) {
    throw invalidInput('zap-image', zapImage, 'an image reference pinned by digest (…@sha256:<digest>)');
  }
  const zapApiDefinition = getOptionalInput('zap-api-definition');
  if (zapApiDefinition !== undefined && !/^https?:\/\//.test(zapApiDefinition)) {
    resolveWorkspacePath('zap-api-definition', zapApiDefinition, { mustExist: true });
  } else if (zapApiDefinition !== undefined) {
    getUrlInput('zap-api-definition');
  }

  const trivyServer = getUrlInput('trivy-server');
  const tool = TOOL_OF[scanner];
  const inputs: Inputs = {
    scanner,
    target,
    'trivy-target-type': targetType,
    'trivy-scanners': trivyScanners,
    'trivy-db-repository': dbRepositories,
    'trivy-java-db-repository': javaDbRepositories,
    ...(trivyServer ? { 'trivy-server': trivyServer } : {}),
    'trivy-ignore-file': getWorkspacePathInput('trivy-ignore-file', { mustExist: true }),
    'trivy-skip-dirs': getListInput('trivy-skip-dirs'),
    cache: getBooleanInput('cache', true),
    'kube-score-render': getEnumInput('kube-score-render', RENDERERS, 'none'),
    'kubernetes-version': kubernetesVersion,
    'kube-score-ignore-tests': testIds('kube-score-ignore-tests'),
    'kube-score-optional-tests': testIds('kube-score-optional-tests'),
    'helm-values': getListInput('helm-values').map((v) => resolveWorkspacePath('helm-values', v, { mustExist: true })),
    'zap-mode': getEnumInput('zap-mode', ZAP_MODES, 'baseline'),
    'zap-api-definition': zapApiDefinition,
    'zap-plan': getWorkspacePathInput('zap-plan', { mustExist: true }),
    'zap-rules-file': getWorkspacePathInput('zap-rules-file', { mustExist: true }),
    'zap-image': zapImage,
    'zap-max-minutes': getIntegerInput('zap-max-minutes', { min: 1, max: 360 }, 30),
    'fail-on': getEnumInput('fail-on', SEVERITY_THRESHOLDS),
    'only-fixed': getBooleanInput('only-fixed'),
    policy: getWorkspacePathInput('policy', { mustExist: true }),
    'sarif-file': getOutputPathInput('sarif-file'),
    'json-file': getOutputPathInput('json-file'),
    category: getIdentifierInput('category'),
    summary: getBooleanInput('summary', true),
    annotations: getBooleanInput('annotations', true),
    'upload-artifact': getBooleanInput('upload-artifact', false),
    'artifact-name': getIdentifierInput('artifact-name'),
    timeoutMs: getDurationInput('timeout', { minMs: 10_000, maxMs: 6 * 3_600_000 }, '15m'),
    tool: tool ? getToolVersionInputs(tool, 'version', 'version-sha256') : {},
    helm: getToolVersionInputs('helm', 'helm-version', 'helm-sha256'),
    'tool-mirror': resolveToolMirror(getOptionalInput('tool-mirror')),
    report: getWorkspacePathInput('report', { mustExist: true }),
  };
  if (scanner === 'zap' && inputs['zap-mode'] === 'api' && !zapApiDefinition && !inputs['zap-plan'] && !inputs.report) {
    throw new ConfigurationError(`input 'zap-api-definition' is required with zap-mode 'api'`);
  }
  if (scanner === 'zap' && !inputs.report) getUrlInput('target');
  if (scanner === 'trivy' && !inputs.report)
    return { ...inputs, trivyTarget: resolveTrivyTarget('target', target, targetType) };
  return inputs;
}

/** A database repository is an OCI reference without a digest, e.g. `mirror.gcr.io/aquasec/trivy-db:2`. */
function checkRepository(name: string, value: string): void {
  try {
    parseImageReference(value);
  } catch (error) {
    throw invalidInput(
      name,
      value,
      `OCI repositories such as mirror.gcr.io/aquasec/trivy-db:2 (${(error as Error).message})`,
    );
  }
}
