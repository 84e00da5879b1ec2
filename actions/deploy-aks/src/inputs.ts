import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError, invalidInput } from '../../../lib/runtime/errors.js';
import {
  assertImageReference,
  getBooleanInput,
  getDurationInput,
  getEnumInput,
  getGuidInputOrEnv,
  getListInput,
  getOptionalInput,
  getRegistryHostListInput,
  getRequiredInput,
  getWorkspacePathInput,
  resolveWorkspacePath,
} from '../../../lib/runtime/inputs.js';
import { parseImageName } from '../../../lib/k8s/image-rules.js';
import { parseImageReference } from '../../../lib/oci/reference.js';
import { resolveToolMirror } from '../../../lib/tools/asset-url.js';
import { getToolVersionInputs, type ToolVersionChoice } from '../../../lib/tools/tool-version.js';
import { getAudienceInput, getCloudInput, type Cloud } from '../../../lib/azure/azure-inputs.js';
import { getTrustInputs, requireTrustInputs, type TrustInputs } from '../../../lib/sign/trust-inputs.js';

export const RENDERERS = ['none', 'kustomize', 'helm'] as const;
export const SEVERITY_THRESHOLDS = ['critical', 'high', 'medium', 'low', 'none'] as const;

/** One `images` line: manifests' images named `name` (any tag or digest) become `reference`. */
export interface ImageSubstitution {
  /** The left-hand side as given (`app`, `team/app`, `myacr.azurecr.io/team/app`); lib/k8s/image-rules.ts matches it. */
  readonly name: string;
  /** The right-hand side as given, pinned by digest. */
  readonly reference: string;
  readonly registry: string;
  readonly digest: string;
  /** The line as given, for messages. */
  readonly line: string;
}

/** Every input of actions/deploy-aks, keyed by its exact name, validated. */
export interface Inputs extends TrustInputs {
  readonly 'resource-group': string;
  readonly 'cluster-name': string;
  /** From the input or AZURE_SUBSCRIPTION_ID. */
  readonly 'subscription-id': string;
  readonly namespace?: string;
  /** Absolute files, directories and glob patterns inside the workspace; empty only with render 'helm'. */
  readonly manifests: string[];
  readonly render: (typeof RENDERERS)[number];
  /** A chart directory or archive inside the workspace, or an `oci://` chart reference. */
  readonly 'helm-chart'?: string;
  readonly 'helm-values': string[];
  readonly 'release-name'?: string;
  readonly images: ImageSubstitution[];
  readonly 'require-digest': boolean;
  readonly 'allowed-registries': string[];
  readonly 'verify-signatures': boolean;
  readonly 'kube-score': boolean;
  /** Undefined when the step left it out: the policy file, then the documented default `high`, decide. */
  readonly 'fail-on'?: (typeof SEVERITY_THRESHOLDS)[number];
  readonly policy?: string;
  readonly timeoutMs: number;
  readonly 'rollback-on-failure': boolean;
  readonly admin: boolean;
  readonly 'dry-run': boolean;
  /** From the input or AZURE_CLIENT_ID / AZURE_TENANT_ID (exported by actions/azure-login). */
  readonly 'azure-client-id': string;
  readonly 'azure-tenant-id': string;
  readonly cloud: Cloud;
  readonly audience: string;
  readonly kubectl: ToolVersionChoice;
  readonly notation: ToolVersionChoice;
  readonly kubeScore: ToolVersionChoice;
  readonly helm: ToolVersionChoice;
  readonly 'tool-mirror'?: string;
}

const DNS_LABEL = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;

export function getInputs(): Inputs {
  const resourceGroup = getRequiredInput('resource-group');
  if (!/^[\p{L}\p{N}_\-.()]{1,90}$/u.test(resourceGroup) || resourceGroup.endsWith('.')) {
    throw invalidInput(
      'resource-group',
      resourceGroup,
      'a resource group name: 1 to 90 letters, digits, _ - . ( ), not ending in a period',
    );
  }
  const clusterName = getRequiredInput('cluster-name');
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$/.test(clusterName)) {
    throw invalidInput(
      'cluster-name',
      clusterName,
      'an AKS cluster name: 1 to 63 letters, digits, _ and -, starting and ending with a letter or digit',
    );
  }
  const render = getEnumInput('render', RENDERERS, 'none');
  const manifests = getManifests(render);
  const helmChart = getHelmChart();
  const helmValues = getListInput('helm-values').map((v) =>
    resolveWorkspacePath('helm-values', v, { mustExist: true }),
  );
  const releaseName = getOptionalInput('release-name');
  if (releaseName !== undefined && (releaseName.length > 53 || !DNS_LABEL.test(releaseName))) {
    throw invalidInput('release-name', releaseName, 'a Helm release name: at most 53 lower-case letters, digits and -');
  }
  const namespace = getOptionalInput('namespace');
  if (namespace !== undefined && (namespace.length > 63 || !DNS_LABEL.test(namespace))) {
    throw invalidInput('namespace', namespace, 'a Kubernetes namespace: at most 63 lower-case letters, digits and -');
  }
  const images = getImages();
  const allowedRegistries = getRegistryHostListInput('allowed-registries');
  const trust = getTrustInputs();

  const inputs: Inputs = {
    'resource-group': resourceGroup,
    'cluster-name': clusterName,
    'subscription-id': requiredFromEnv(
      'subscription-id',
      'AZURE_SUBSCRIPTION_ID',
      getGuidInputOrEnv('subscription-id', 'AZURE_SUBSCRIPTION_ID'),
    ),
    namespace,
    manifests,
    render,
    'helm-chart': helmChart,
    'helm-values': helmValues,
    'release-name': releaseName,
    images,
    'require-digest': getBooleanInput('require-digest', true),
    'allowed-registries': allowedRegistries,
    'verify-signatures': getBooleanInput('verify-signatures', true),
    ...trust,
    'kube-score': getBooleanInput('kube-score', false),
    'fail-on': getEnumInput('fail-on', SEVERITY_THRESHOLDS),
    policy: getWorkspacePathInput('policy', { mustExist: true }),
    timeoutMs: getDurationInput('timeout', { minMs: 10_000, maxMs: 6 * 3_600_000 }, '5m'),
    'rollback-on-failure': getBooleanInput('rollback-on-failure', true),
    admin: getBooleanInput('admin', false),
    'dry-run': getBooleanInput('dry-run', false),
    'azure-client-id': requiredFromEnv(
      'azure-client-id',
      'AZURE_CLIENT_ID',
      getGuidInputOrEnv('azure-client-id', 'AZURE_CLIENT_ID'),
    ),
    'azure-tenant-id': requiredFromEnv(
      'azure-tenant-id',
      'AZURE_TENANT_ID',
      getGuidInputOrEnv('azure-tenant-id', 'AZURE_TENANT_ID'),
    ),
    cloud: getCloudInput('cloud'),
    audience: getAudienceInput('audience'),
    kubectl: getToolVersionInputs('kubectl', 'kubectl-version', 'kubectl-sha256'),
    notation: getToolVersionInputs('notation', 'notation-version', 'notation-sha256'),
    kubeScore: getToolVersionInputs('kube-score', 'kube-score-version', 'kube-score-sha256'),
    helm: getToolVersionInputs('helm', 'helm-version', 'helm-sha256'),
    'tool-mirror': resolveToolMirror(getOptionalInput('tool-mirror')),
  };

  if (render === 'helm' && !helmChart)
    throw new ConfigurationError(`input 'helm-chart' is required with render 'helm'`);
  if (render !== 'helm') {
    if (helmChart) throw new ConfigurationError(`input 'helm-chart' needs render 'helm'; render is '${render}'`);
    if (helmValues.length > 0)
      throw new ConfigurationError(`input 'helm-values' needs render 'helm'; render is '${render}'`);
    if (releaseName) throw new ConfigurationError(`input 'release-name' needs render 'helm'; render is '${render}'`);
  }
  if (allowedRegistries.length > 0) {
    for (const image of images) {
      if (!allowedRegistries.includes(image.registry)) {
        throw invalidInput(
          'images',
          image.line,
          `images from the allowed registries (${allowedRegistries.join(', ')})`,
        );
      }
    }
  }
  if (inputs['verify-signatures']) requireTrustInputs(trust, `verify-signatures (or set verify-signatures: false)`);
  return inputs;
}

function requiredFromEnv(name: string, envName: string, value: string | undefined): string {
  if (value === undefined) {
    throw new ConfigurationError(
      `input '${name}' is required and was not set (nor ${envName}, which actions/azure-login exports)`,
    );
  }
  return value;
}

const GLOB = /[*?[\]{}]/;

/**
 * Files, directories and globs inside the workspace. Plain paths must exist;
 * a glob's fixed part is checked to stay inside the workspace. With kustomize,
 * each entry is a directory holding a kustomization file.
 */
function getManifests(render: (typeof RENDERERS)[number]): string[] {
  const entries = getListInput('manifests');
  if (entries.length === 0) {
    if (render === 'helm') return [];
    throw new ConfigurationError(`input 'manifests' is required and was not set`);
  }
  return entries.map((entry) => {
    if (GLOB.test(entry)) {
      if (render === 'kustomize')
        throw invalidInput('manifests', entry, 'kustomization directories (no globs) with render kustomize');
      return resolveWorkspacePath('manifests', entry);
    }
    const resolved = resolveWorkspacePath('manifests', entry, { mustExist: true });
    if (render === 'kustomize' && !isKustomization(resolved)) {
      throw invalidInput('manifests', entry, 'directories holding a kustomization.yaml with render kustomize');
    }
    return resolved;
  });
}

function isKustomization(dir: string): boolean {
  if (!statSync(dir).isDirectory()) return false;
  return ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].some((f) => existsSync(path.join(dir, f)));
}

function getHelmChart(): string | undefined {
  const value = getOptionalInput('helm-chart');
  if (value === undefined) return undefined;
  if (value.startsWith('oci://')) {
    const reference = value.slice('oci://'.length);
    try {
      parseImageReference(reference);
    } catch (error) {
      throw invalidInput(
        'helm-chart',
        value,
        `a chart directory or archive in the workspace, or oci://registry/repository/chart (${(error as Error).message})`,
      );
    }
    return value;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw invalidInput(
      'helm-chart',
      value,
      'a chart directory or archive in the workspace, or oci://registry/repository/chart',
    );
  }
  return resolveWorkspacePath('helm-chart', value, { mustExist: true });
}

/** `name=registry/repo@sha256:<64 hex>` lines; each name once. */
function getImages(): ImageSubstitution[] {
  const allowed = 'name=registry/repository@sha256:<64 hex> lines';
  const substitutions: ImageSubstitution[] = [];
  const keys: string[] = [];
  for (const line of getListInput('images', 'newline')) {
    const eq = line.indexOf('=');
    if (eq <= 0) throw invalidInput('images', line, allowed);
    const left = line.slice(0, eq).trim();
    const right = line.slice(eq + 1).trim();
    let key: string;
    try {
      const parsed = parseImageReference(left);
      if (parsed.tag !== undefined || parsed.digest !== undefined) throw new Error('the name carries a tag or digest');
      const name = parseImageName(left);
      key = `${name?.registry ?? '(any registry)'}/${name?.path ?? left}`;
    } catch (error) {
      throw invalidInput(
        'images',
        line,
        `${allowed}, the name an image name without tag or digest (${(error as Error).message})`,
      );
    }
    assertImageReference('images', right);
    const target = parseImageReference(right);
    if (!target.digest) throw invalidInput('images', line, `${allowed}: the image must be pinned by digest`);
    if (keys.includes(key)) throw invalidInput('images', line, `${allowed}, each name once`);
    keys.push(key);
    substitutions.push({ name: left, reference: right, registry: target.registry, digest: target.digest, line });
  }
  return substitutions;
}
