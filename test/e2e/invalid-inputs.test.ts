import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startToolMirror, type ToolMirror } from '../fakes/tool-mirror.js';
import { assertNoStackTrace, loadActionYml, REPO_ROOT, runAction } from '../harness/run-action.js';

/*
 * Every action refuses bad input before any work: exit 1, one `::error::`
 * line that names the input and the value, no stack trace, no output set,
 * and no request to the tool mirror (so nothing was downloaded).
 */

interface Case {
  readonly inputs: Record<string, string>;
  /** Fragments the one error line must contain: the input's name, the refused value, what is allowed. */
  readonly error: readonly string[];
  /** Added to (or, with undefined, removed from) the step's environment, as runAction's `env`. */
  readonly env?: Record<string, string | undefined>;
  /** Values (and their base64) that may appear in the log only as the value of an `::add-mask::` line. */
  readonly secrets?: readonly string[];
}

const DIGEST = `sha256:${'a'.repeat(64)}`;
const SHA = 'b'.repeat(64);
const GUID = '11111111-2222-3333-4444-555555555555';

/** Every variable actions/azure-login exports: the cases that depend on their absence say so explicitly. */
const NO_AZURE_ENV: Record<string, undefined> = {
  AZURE_CLIENT_ID: undefined,
  AZURE_TENANT_ID: undefined,
  AZURE_SUBSCRIPTION_ID: undefined,
  AZURE_FEDERATED_TOKEN_FILE: undefined,
  AZURE_AUTHORITY_HOST: undefined,
};

let mirror: ToolMirror;
let workspace: string;

/** Placeholder certificates: the actions check that the paths exist inside the workspace before reading them. */
const PEM = '-----BEGIN CERTIFICATE-----\nMIIBplaceholder\n-----END CERTIFICATE-----\n';

beforeAll(async () => {
  mirror = await startToolMirror();
  workspace = mkdtempSync(path.join(os.tmpdir(), 'invalid-inputs-'));
  const write = (file: string, text: string): void => {
    mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
    writeFileSync(path.join(workspace, file), text);
  };
  write('app/values.yaml', 'a: 1\n');
  symlinkSync('/etc', path.join(workspace, 'escape'));
  // deploy-aks: a plain manifest directory (no kustomization), a chart and its values.
  write(
    'k8s/app.yaml',
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: app }',
      'spec:',
      '  selector: { matchLabels: { app: app } }',
      '  template:',
      '    metadata: { labels: { app: app } }',
      `    spec: { containers: [{ name: app, image: 'myacr.azurecr.io/app@${DIGEST}' }] }`,
      '',
    ].join('\n'),
  );
  write('chart/Chart.yaml', 'apiVersion: v2\nname: app\nversion: 0.1.0\n');
  write('values.yaml', 'replicaCount: 2\n');
  // sign and deploy-aks: trust material and the certificate chain of a signing key.
  write('certs/ca.pem', PEM);
  write('chain.pem', PEM);
  write('tsa-root.pem', PEM);
  write(
    'trustpolicy.json',
    `${JSON.stringify(
      {
        version: '1.0',
        trustPolicies: [
          {
            name: 'app',
            registryScopes: ['*'],
            signatureVerification: { level: 'strict' },
            trustStores: ['ca:certs'],
            trustedIdentities: ['*'],
          },
        ],
      },
      null,
      2,
    )}\n`,
  );
});

afterAll(async () => {
  await mirror.close();
  rmSync(workspace, { recursive: true, force: true });
});

/** record without the given keys (an input left out, not set to ''). */
function omit(record: Record<string, string>, ...keys: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !keys.includes(key)));
}

const SCAN: Record<string, Case> = {
  'unknown scanner': {
    inputs: { scanner: 'grype', target: '.' },
    error: ["input 'scanner'", "'grype'", 'trivy, kube-score, zap'],
  },
  'unknown fail-on': {
    inputs: { scanner: 'trivy', target: '.', 'fail-on': 'hihg' },
    error: ["input 'fail-on' must be one of critical, high, medium, low, none; got 'hihg'"],
  },
  'unknown target type': {
    inputs: { scanner: 'trivy', target: '.', 'trivy-target-type': 'repo' },
    error: ["input 'trivy-target-type'", "'repo'"],
  },
  'unknown trivy scanner': {
    inputs: { scanner: 'trivy', target: '.', 'trivy-scanners': 'vuln,malware' },
    error: ["input 'trivy-scanners'", "'malware'"],
  },
  'only-fixed not a boolean': {
    inputs: { scanner: 'trivy', target: '.', 'only-fixed': 'sometimes' },
    error: ["input 'only-fixed' must be true or false; got 'sometimes'"],
  },
  'target escaping the workspace': {
    inputs: { scanner: 'trivy', target: '../../etc' },
    error: ["input 'target'", "'../../etc'", 'inside the workspace'],
  },
  'target through a symlink out of the workspace': {
    inputs: { scanner: 'trivy', target: 'escape' },
    error: ["input 'target'", "'escape'", 'links to /etc'],
  },
  'malformed image reference': {
    inputs: { scanner: 'trivy', target: 'Registry.example.com/UPPER:tag', 'trivy-target-type': 'image' },
    error: ["input 'target'", "'Registry.example.com/UPPER:tag'", 'image reference'],
  },
  'malformed trivy server URL': {
    inputs: { scanner: 'trivy', target: '.', 'trivy-server': 'ftp://trivy.internal' },
    error: ["input 'trivy-server'", "'ftp://trivy.internal'", 'http'],
  },
  'version without sha256': {
    inputs: { scanner: 'trivy', target: '.', version: '0.69.3' },
    error: ["input 'version' is '0.69.3'", "'version-sha256' must give the sha256"],
  },
  latest: {
    inputs: { scanner: 'trivy', target: '.', version: 'latest', 'version-sha256': SHA },
    error: ["input 'version' must be an exact version", "'latest'"],
  },
  'compromised Trivy': {
    inputs: { scanner: 'trivy', target: '.', version: '0.69.5', 'version-sha256': SHA },
    error: ["input 'version'", "'0.69.5'", 'compromised'],
  },
  'malformed sha256': {
    inputs: { scanner: 'trivy', target: '.', version: '0.69.3', 'version-sha256': 'abc123' },
    error: ["input 'version-sha256'", "'abc123'", '64 hexadecimal'],
  },
  'plain-http mirror': {
    inputs: { scanner: 'trivy', target: '.', 'tool-mirror': 'http://mirror.example.com' },
    error: ["input 'tool-mirror'", "'http://mirror.example.com'", 'https://'],
  },
  'zap target not a URL': {
    inputs: { scanner: 'zap', target: 'example.com' },
    error: ["input 'target'", "'example.com'", 'http'],
  },
  'zap image without digest': {
    inputs: { scanner: 'zap', target: 'https://app.example.com', 'zap-image': 'ghcr.io/zaproxy/zaproxy:stable' },
    error: ["input 'zap-image'", 'pinned by digest'],
  },
  'zap minutes out of bounds': {
    inputs: { scanner: 'zap', target: 'https://app.example.com', 'zap-max-minutes': '0' },
    error: ["input 'zap-max-minutes' must be a whole number from 1 to 360; got '0'"],
  },
  'zap minutes not a number': {
    inputs: { scanner: 'zap', target: 'https://app.example.com', 'zap-max-minutes': '30m' },
    error: ["input 'zap-max-minutes'", "'30m'", 'whole number'],
  },
  'zap mode unknown': {
    inputs: { scanner: 'zap', target: 'https://app.example.com', 'zap-mode': 'passive' },
    error: ["input 'zap-mode' must be one of baseline, full, api; got 'passive'"],
  },
  'zap api mode without a definition': {
    inputs: { scanner: 'zap', target: 'https://app.example.com', 'zap-mode': 'api' },
    error: ["input 'zap-api-definition' is required with zap-mode 'api'"],
  },
  'zap api definition neither a URL nor a workspace file': {
    inputs: {
      scanner: 'zap',
      target: 'https://app.example.com',
      'zap-mode': 'api',
      'zap-api-definition': 'ftp://app.example.com/openapi.json',
    },
    error: ["input 'zap-api-definition'", "'ftp://app.example.com/openapi.json'", 'existing path'],
  },
  'zap api definition outside the workspace': {
    inputs: {
      scanner: 'zap',
      target: 'https://app.example.com',
      'zap-mode': 'api',
      'zap-api-definition': '/etc/hosts',
    },
    error: ["input 'zap-api-definition'", "'/etc/hosts'", 'inside the workspace'],
  },
  'zap plan missing': {
    inputs: { scanner: 'zap', target: 'https://app.example.com', 'zap-plan': 'zap/plan.yaml' },
    error: ["input 'zap-plan'", "'zap/plan.yaml'", 'existing path'],
  },
  'zap rules file missing': {
    inputs: { scanner: 'zap', target: 'https://app.example.com', 'zap-rules-file': 'zap/rules.tsv' },
    error: ["input 'zap-rules-file'", "'zap/rules.tsv'", 'existing path'],
  },
  'zap image malformed': {
    inputs: { scanner: 'zap', target: 'https://app.example.com', 'zap-image': `ghcr.io/zaproxy/ZAP@${DIGEST}` },
    error: ["input 'zap-image'", `'ghcr.io/zaproxy/ZAP@${DIGEST}'`, 'image reference'],
  },
  'kube-score render unknown': {
    inputs: { scanner: 'kube-score', target: 'app', 'kube-score-render': 'jsonnet' },
    error: ["input 'kube-score-render'", "'jsonnet'"],
  },
  'kubernetes version malformed': {
    inputs: { scanner: 'kube-score', target: 'app', 'kubernetes-version': '1.x' },
    error: ["input 'kubernetes-version'", "'1.x'"],
  },
  'kube-score ignore test id malformed': {
    inputs: { scanner: 'kube-score', target: 'k8s', 'kube-score-ignore-tests': 'pod-networkpolicy,Pod_Probes' },
    error: ["input 'kube-score-ignore-tests' must be kube-score test ids", "'Pod_Probes'"],
  },
  'kube-score optional test id malformed': {
    inputs: { scanner: 'kube-score', target: 'k8s', 'kube-score-optional-tests': 'seccomp profile' },
    error: ["input 'kube-score-optional-tests' must be kube-score test ids", "'seccomp profile'"],
  },
  'kube-score target matching nothing': {
    inputs: { scanner: 'kube-score', target: 'k8s/*.json' },
    error: ["input 'target' must be manifest files, directories or globs", "'k8s/*.json'"],
  },
  'kube-score target missing': {
    inputs: { scanner: 'kube-score', target: 'k8s/app.yaml\nk8s/missing.yaml' },
    error: ["input 'target' must be an existing path inside the workspace", "'k8s/missing.yaml'"],
  },
  'kube-score target escaping the workspace': {
    inputs: { scanner: 'kube-score', target: '../k8s' },
    error: ["input 'target' must be a path inside the workspace", "'../k8s'"],
  },
  'kube-score kustomize target without a kustomization': {
    inputs: { scanner: 'kube-score', target: 'k8s', 'kube-score-render': 'kustomize' },
    error: ["input 'target' must be directories holding a kustomization.yaml", "'k8s'"],
  },
  'kube-score helm target not a chart': {
    inputs: { scanner: 'kube-score', target: 'k8s', 'kube-score-render': 'helm' },
    error: ["input 'target' must be chart directories (holding Chart.yaml)", "'k8s'"],
  },
  'helm-values without kube-score-render helm': {
    inputs: { scanner: 'kube-score', target: 'k8s', 'helm-values': 'values.yaml' },
    error: ["input 'helm-values' needs kube-score-render 'helm'; kube-score-render is 'none'"],
  },
  'helm-values missing': {
    inputs: { scanner: 'kube-score', target: 'chart', 'kube-score-render': 'helm', 'helm-values': 'nope.yaml' },
    error: ["input 'helm-values' must be an existing path inside the workspace", "'nope.yaml'"],
  },
  'helm-version without helm-sha256': {
    inputs: { scanner: 'kube-score', target: 'chart', 'kube-score-render': 'helm', 'helm-version': '3.17.0' },
    error: ["input 'helm-version' is '3.17.0', so 'helm-sha256' must give the sha256"],
  },
  'helm-sha256 malformed': {
    inputs: {
      scanner: 'kube-score',
      target: 'chart',
      'kube-score-render': 'helm',
      'helm-version': '3.17.0',
      'helm-sha256': 'abc',
    },
    error: ["input 'helm-sha256'", "'abc'", '64 hexadecimal'],
  },
  'kube-score version without sha256': {
    inputs: { scanner: 'kube-score', target: 'k8s', version: '1.19.0' },
    error: ["input 'version' is '1.19.0', so 'version-sha256' must give the sha256"],
  },
  'kube-score report missing': {
    inputs: { scanner: 'kube-score', target: 'k8s', report: 'kube-score.json' },
    error: ["input 'report' must be an existing path inside the workspace", "'kube-score.json'"],
  },
  'timeout malformed': {
    inputs: { scanner: 'trivy', target: '.', timeout: '5 minutes' },
    error: ["input 'timeout'", "'5 minutes'", 'duration'],
  },
  'policy file missing': {
    inputs: { scanner: 'trivy', target: '.', policy: 'nope.yml' },
    error: ["input 'policy'", "'nope.yml'", 'existing path'],
  },
  'report outside the workspace': {
    inputs: { scanner: 'trivy', target: '.', report: '/etc/passwd' },
    error: ["input 'report'", "'/etc/passwd'"],
  },
  'category with spaces': {
    inputs: { scanner: 'trivy', target: '.', category: 'my scan' },
    error: ["input 'category'", "'my scan'"],
  },
};

const SBOM_TARGET = { target: 'alpine' };
const SBOM_PASSWORD = 's3cr3t-value';

const SBOM: Record<string, Case> = {
  'target not an image reference': {
    inputs: { target: 'Alpine:3' },
    error: ["input 'target' must be an image reference", "'Alpine:3'"],
  },
  'dir target escaping the workspace': {
    inputs: { target: 'dir:../etc' },
    error: ["input 'target' must be a path inside the workspace", "'../etc'"],
  },
  'dir target through a symlink out of the workspace': {
    inputs: { target: 'dir:escape' },
    error: ["input 'target'", "'escape'", 'links to /etc'],
  },
  'docker-archive that does not exist': {
    inputs: { target: 'docker-archive:missing.tar' },
    error: ["input 'target' must be an existing path inside the workspace", "'missing.tar'"],
  },
  'unknown format': {
    inputs: { ...SBOM_TARGET, formats: 'spdx' },
    error: ["input 'formats' must be a list of spdx-json, cyclonedx-json, syft-json; got 'spdx'"],
  },
  'syft-json with generator trivy': {
    inputs: { ...SBOM_TARGET, formats: 'syft-json', generator: 'trivy' },
    error: ["input 'formats' must be spdx-json and/or cyclonedx-json with generator 'trivy'", "'syft-json'"],
  },
  'unknown generator': {
    inputs: { ...SBOM_TARGET, generator: 'grype' },
    error: ["input 'generator' must be one of syft, trivy; got 'grype'"],
  },
  'output-dir outside the workspace': {
    inputs: { ...SBOM_TARGET, 'output-dir': '/etc/sbom' },
    error: ["input 'output-dir' must be a path inside the workspace", "'/etc/sbom'"],
  },
  'upload-artifact not a boolean': {
    inputs: { ...SBOM_TARGET, 'upload-artifact': 'maybe' },
    error: ["input 'upload-artifact' must be true or false; got 'maybe'"],
  },
  'artifact-name with a space': {
    inputs: { ...SBOM_TARGET, 'artifact-name': 'my sbom' },
    error: ["input 'artifact-name' must be letters, digits", "'my sbom'"],
  },
  'attach with a directory target': {
    inputs: { target: 'dir:.', attach: 'true' },
    error: ["input 'attach' needs an image reference as 'target'", 'dir'],
  },
  'dependency-snapshot without a token': {
    inputs: { ...SBOM_TARGET, 'dependency-snapshot': 'true', 'github-token': '' },
    error: ["input 'github-token' is required with 'dependency-snapshot'"],
  },
  'registry-username without registry-password': {
    inputs: { ...SBOM_TARGET, 'registry-username': 'bot' },
    error: ["input 'registry-password' is required with 'registry-username'"],
  },
  'registry-password without registry-username': {
    inputs: { ...SBOM_TARGET, 'registry-password': SBOM_PASSWORD },
    error: ["input 'registry-username' is required with 'registry-password'"],
    secrets: [SBOM_PASSWORD],
  },
  'registry-username with white space, with a password': {
    inputs: { ...SBOM_TARGET, 'registry-username': 'bot user', 'registry-password': SBOM_PASSWORD },
    error: ["input 'registry-username' must be a user name without white space", "'bot user'"],
    secrets: [SBOM_PASSWORD],
  },
  latest: {
    inputs: { ...SBOM_TARGET, version: 'latest', 'version-sha256': SHA },
    error: ["input 'version' must be an exact version such as 1.2.3", "'latest'"],
  },
  'version without sha256': {
    inputs: { ...SBOM_TARGET, version: '1.20.0' },
    error: ["input 'version' is '1.20.0', so 'version-sha256' must give the sha256"],
  },
  'compromised Trivy as generator': {
    inputs: { ...SBOM_TARGET, generator: 'trivy', version: '0.69.5', 'version-sha256': SHA },
    error: ["input 'version'", "'0.69.5'", 'not a known compromised release of trivy'],
  },
  'malformed version-sha256': {
    inputs: { ...SBOM_TARGET, version: '1.20.0', 'version-sha256': 'abc123' },
    error: ["input 'version-sha256'", "'abc123'", '64 hexadecimal'],
  },
  'plain-http mirror': {
    inputs: { ...SBOM_TARGET, 'tool-mirror': 'http://mirror.example.com' },
    error: ["input 'tool-mirror' must be an https:// URL (http:// only on loopback)", "'http://mirror.example.com'"],
  },
  'timeout malformed': {
    inputs: { ...SBOM_TARGET, timeout: '5x' },
    error: ["input 'timeout' must be a duration", "'5x'"],
  },
};

const SIGN_IMAGES = { images: `myacr.azurecr.io/app@${DIGEST}` };
const KEY_ID = 'https://my-vault.vault.azure.net/keys/my-key/0123456789abcdef0123456789abcdef';
const VERIFY = { ...SIGN_IMAGES, mode: 'verify' };

const SIGN: Record<string, Case> = {
  'unknown mode': {
    inputs: { ...SIGN_IMAGES, mode: 'attest' },
    error: ["input 'mode' must be one of sign, verify; got 'attest'"],
  },
  'image reference with upper case': {
    inputs: { images: 'myacr.azurecr.io/App:1' },
    error: ["input 'images' must be an image reference", "'myacr.azurecr.io/App:1'"],
  },
  'truncated digest': {
    inputs: { images: 'myacr.azurecr.io/app@sha256:abc' },
    error: ["input 'images' must be an image reference", "'myacr.azurecr.io/app@sha256:abc'"],
  },
  'sign without key-id': {
    inputs: { ...SIGN_IMAGES, 'self-signed': 'true' },
    error: ["input 'key-id' is required with mode 'sign'"],
  },
  'key-id over plain http': {
    inputs: { ...SIGN_IMAGES, 'key-id': KEY_ID.replace('https:', 'http:') },
    error: ["input 'key-id' must be an Azure Key Vault key identifier", `'${KEY_ID.replace('https:', 'http:')}'`],
  },
  'key-id without a key version': {
    inputs: { ...SIGN_IMAGES, 'key-id': 'https://my-vault.vault.azure.net/keys/my-key' },
    error: [
      "input 'key-id' must be an Azure Key Vault key identifier",
      "'https://my-vault.vault.azure.net/keys/my-key'",
    ],
  },
  'sign without certificate-chain or self-signed': {
    inputs: { ...SIGN_IMAGES, 'key-id': KEY_ID },
    error: ["input 'certificate-chain' is required with mode 'sign' unless 'self-signed' is true"],
  },
  'certificate-chain and self-signed together': {
    inputs: { ...SIGN_IMAGES, 'key-id': KEY_ID, 'self-signed': 'true', 'certificate-chain': 'chain.pem' },
    error: ["input 'self-signed' cannot be true together with 'certificate-chain'"],
  },
  'certificate-chain outside the workspace': {
    inputs: { ...SIGN_IMAGES, 'certificate-chain': '/etc/passwd' },
    error: ["input 'certificate-chain' must be a path inside the workspace", "'/etc/passwd'"],
  },
  'unknown signature format': {
    inputs: { ...SIGN_IMAGES, 'signature-format': 'pgp' },
    error: ["input 'signature-format' must be one of cose, jws; got 'pgp'"],
  },
  'timestamp-url not a URL': {
    inputs: { ...SIGN_IMAGES, 'timestamp-url': 'tsa.example.com' },
    error: ["input 'timestamp-url' must be an absolute http:// or https:// URL", "'tsa.example.com'"],
  },
  'timestamp-url without its root certificate': {
    inputs: { ...SIGN_IMAGES, 'timestamp-url': 'http://timestamp.digicert.com' },
    error: ["input 'timestamp-root-cert' is required with 'timestamp-url'"],
  },
  'timestamp root certificate without timestamp-url': {
    inputs: { ...SIGN_IMAGES, 'timestamp-root-cert': 'tsa-root.pem' },
    error: ["input 'timestamp-root-cert' is set but 'timestamp-url' is not"],
  },
  'annotation without =': {
    inputs: { ...SIGN_IMAGES, annotations: 'no-equals-sign' },
    error: ["input 'annotations' must be key=value lines", "'no-equals-sign'"],
  },
  'annotation under the prefix notation reserves': {
    inputs: { ...SIGN_IMAGES, annotations: 'io.cncf.notary.expiry=never' },
    error: [
      "input 'annotations' must be key=value lines whose keys do not start with io.cncf.notary",
      "'io.cncf.notary.expiry=never'",
    ],
  },
  'timeout below the minimum': {
    inputs: { ...SIGN_IMAGES, timeout: '5s' },
    error: ["input 'timeout' must be a duration such as 90s, 5m or 1h30m, from 10s to 6h", "'5s'"],
  },
  'azure-client-id not a GUID': {
    inputs: { ...SIGN_IMAGES, 'azure-client-id': 'not-a-guid' },
    error: ["input 'azure-client-id' must be a GUID", "'not-a-guid'"],
  },
  'sign without a client id and no AZURE_CLIENT_ID': {
    inputs: { ...SIGN_IMAGES, 'key-id': KEY_ID, 'self-signed': 'true', 'azure-tenant-id': GUID },
    env: NO_AZURE_ENV,
    error: ["input 'azure-client-id' is required with mode 'sign'"],
  },
  'AZURE_TENANT_ID from the environment not a GUID': {
    inputs: { ...SIGN_IMAGES, 'key-id': KEY_ID, 'self-signed': 'true', 'azure-client-id': GUID },
    env: { ...NO_AZURE_ENV, AZURE_TENANT_ID: 'contoso.onmicrosoft.com' },
    error: [
      "environment variable AZURE_TENANT_ID (the default of input 'azure-tenant-id') must be a GUID",
      "'contoso.onmicrosoft.com'",
    ],
  },
  'verify without trust material': {
    inputs: VERIFY,
    error: [
      "input 'trust-policy' (or both 'trust-store-certs' and 'trusted-identities') is required with mode 'verify'",
    ],
  },
  'trust-store-certs without trusted-identities': {
    inputs: { ...VERIFY, 'trust-store-certs': 'certs' },
    error: ["input 'trusted-identities' is required with 'trust-store-certs'"],
  },
  'trusted identity without C and ST': {
    inputs: { ...VERIFY, 'trust-store-certs': 'certs', 'trusted-identities': 'x509.subject: O=Example Org' },
    error: ["input 'trusted-identities'", "'x509.subject: O=Example Org'", 'C, ST and O required'],
  },
  'trusted-identities with a trust policy': {
    inputs: { ...VERIFY, 'trust-policy': 'trustpolicy.json', 'trusted-identities': '*' },
    error: ["input 'trusted-identities' cannot be combined with 'trust-policy'"],
  },
  'trust-store-certs outside the workspace': {
    inputs: { ...VERIFY, 'trust-store-certs': '/etc/ssl/certs', 'trusted-identities': '*' },
    error: ["input 'trust-store-certs' must be a path inside the workspace", "'/etc/ssl/certs'"],
  },
  'notation-version not exact': {
    inputs: { ...SIGN_IMAGES, 'notation-version': '1.x' },
    error: ["input 'notation-version' must be an exact version", "'1.x'"],
  },
  'plugin-sha256 without plugin-version': {
    inputs: { ...SIGN_IMAGES, 'plugin-sha256': SHA },
    error: ["input 'plugin-sha256' is set but 'plugin-version' is not"],
  },
};

const LOGIN = { 'client-id': GUID, 'tenant-id': GUID };
const ACR_HOSTS = 'registry host names such as myregistry.azurecr.io';

const AZURE_LOGIN: Record<string, Case> = {
  'client-id not a GUID': {
    inputs: { ...LOGIN, 'client-id': 'my-app' },
    error: ["input 'client-id' must be a GUID such as 00000000-0000-0000-0000-000000000000; got 'my-app'"],
  },
  'tenant-id a domain name': {
    inputs: { ...LOGIN, 'tenant-id': 'contoso.onmicrosoft.com' },
    error: ["input 'tenant-id' must be a GUID", "'contoso.onmicrosoft.com'"],
  },
  'subscription-id not a GUID': {
    inputs: { ...LOGIN, 'subscription-id': '1234' },
    error: ["input 'subscription-id' must be a GUID", "'1234'"],
  },
  'unknown cloud': {
    inputs: { ...LOGIN, cloud: 'AzureGermanCloud' },
    error: ["input 'cloud' must be one of AzureCloud, AzureUSGovernment, AzureChinaCloud; got 'AzureGermanCloud'"],
  },
  'audience with a space': {
    inputs: { ...LOGIN, audience: 'api://Azure AD' },
    error: ["input 'audience' must be a token audience without spaces", "'api://Azure AD'"],
  },
  'acr with a scheme': {
    inputs: { ...LOGIN, acr: 'https://myacr.azurecr.io' },
    error: [`input 'acr' must be ${ACR_HOSTS}`, "'https://myacr.azurecr.io'"],
  },
  'acr with a path': {
    inputs: { ...LOGIN, acr: 'myacr.azurecr.io/team' },
    error: [`input 'acr' must be ${ACR_HOSTS}`, "'myacr.azurecr.io/team'"],
  },
  'acr without a domain': {
    inputs: { ...LOGIN, acr: 'myacr' },
    error: [`input 'acr' must be ${ACR_HOSTS}`, "'myacr'"],
  },
  'acr with a port out of range': {
    inputs: { ...LOGIN, acr: 'myacr.azurecr.io:99999' },
    error: [`input 'acr' must be ${ACR_HOSTS}`, "'myacr.azurecr.io:99999'"],
  },
  'acr with an underscore': {
    inputs: { ...LOGIN, acr: 'my_acr.azurecr.io' },
    error: [`input 'acr' must be ${ACR_HOSTS}`, "'my_acr.azurecr.io'"],
  },
  'acr list with one bad host': {
    inputs: { ...LOGIN, acr: 'myacr.azurecr.io\nother acr.azurecr.io' },
    error: [`input 'acr' must be ${ACR_HOSTS}`, "'other acr.azurecr.io'"],
  },
  'export-env not a boolean': {
    inputs: { ...LOGIN, 'export-env': 'always' },
    error: ["input 'export-env' must be true or false; got 'always'"],
  },
  'tenant-id missing': {
    inputs: omit(LOGIN, 'tenant-id'),
    env: NO_AZURE_ENV,
    error: ["input 'tenant-id' is required and was not set"],
  },
  'client-id missing': {
    inputs: omit(LOGIN, 'client-id'),
    env: NO_AZURE_ENV,
    error: ["input 'client-id' is required and was not set"],
  },
};

/** Every required setting given and valid, signature verification off: each case breaks one thing. */
const DEPLOY = {
  'resource-group': 'rg',
  'cluster-name': 'aks',
  manifests: 'k8s',
  'subscription-id': GUID,
  'azure-client-id': GUID,
  'azure-tenant-id': GUID,
  'verify-signatures': 'false',
};
const TRUST_REQUIRED = "input 'trust-policy' (or both 'trust-store-certs' and 'trusted-identities') is required";

const DEPLOY_AKS: Record<string, Case> = {
  'resource group name with a space': {
    inputs: { ...DEPLOY, 'resource-group': 'rg app' },
    error: ["input 'resource-group' must be a resource group name", "'rg app'"],
  },
  'cluster name starting with a dash': {
    inputs: { ...DEPLOY, 'cluster-name': '-aks' },
    error: ["input 'cluster-name' must be an AKS cluster name", "'-aks'"],
  },
  'unknown renderer': {
    inputs: { ...DEPLOY, render: 'jsonnet' },
    error: ["input 'render' must be one of none, kustomize, helm; got 'jsonnet'"],
  },
  'manifest glob escaping the workspace': {
    inputs: { ...DEPLOY, manifests: '../**/*.yaml' },
    error: ["input 'manifests' must be a path inside the workspace", "'../**/*.yaml'"],
  },
  'kustomize without a kustomization': {
    inputs: { ...DEPLOY, render: 'kustomize' },
    error: ["input 'manifests' must be directories holding a kustomization.yaml", "'k8s'"],
  },
  'namespace with upper case': {
    inputs: { ...DEPLOY, namespace: 'Prod' },
    error: ["input 'namespace' must be a Kubernetes namespace", "'Prod'"],
  },
  'helm-chart with an http scheme': {
    inputs: { ...DEPLOY, render: 'helm', 'helm-chart': 'https://charts.example.com/app-1.0.0.tgz' },
    error: ["input 'helm-chart' must be a chart directory or archive", "'https://charts.example.com/app-1.0.0.tgz'"],
  },
  'helm release name with upper case': {
    inputs: { ...DEPLOY, render: 'helm', 'helm-chart': 'chart', 'release-name': 'My_App' },
    error: ["input 'release-name' must be a Helm release name", "'My_App'"],
  },
  'render helm without a chart': {
    inputs: { ...DEPLOY, render: 'helm' },
    error: ["input 'helm-chart' is required with render 'helm'"],
  },
  'helm-values without render helm': {
    inputs: { ...DEPLOY, 'helm-values': 'values.yaml' },
    error: ["input 'helm-values' needs render 'helm'; render is 'none'"],
  },
  'image not pinned by digest': {
    inputs: { ...DEPLOY, images: 'app=myacr.azurecr.io/app:1.0' },
    error: ["input 'images'", 'the image must be pinned by digest', "'app=myacr.azurecr.io/app:1.0'"],
  },
  'allowed registry given as a URL': {
    inputs: { ...DEPLOY, 'allowed-registries': 'https://myacr.azurecr.io' },
    error: ["input 'allowed-registries' must be registry host names", "'https://myacr.azurecr.io'"],
  },
  'image from a registry that is not allowed': {
    inputs: {
      ...DEPLOY,
      images: `app=docker.io/library/app@${DIGEST}`,
      'allowed-registries': 'myacr.azurecr.io',
    },
    error: [
      "input 'images' must be images from the allowed registries (myacr.azurecr.io)",
      `'app=docker.io/library/app@${DIGEST}'`,
    ],
  },
  'require-digest not a boolean': {
    inputs: { ...DEPLOY, 'require-digest': 'strict' },
    error: ["input 'require-digest' must be true or false; got 'strict'"],
  },
  'unknown fail-on': {
    inputs: { ...DEPLOY, 'fail-on': 'hihg' },
    error: ["input 'fail-on' must be one of critical, high, medium, low, none; got 'hihg'"],
  },
  'timeout above the maximum': {
    inputs: { ...DEPLOY, timeout: '7h' },
    error: ["input 'timeout' must be a duration", 'to 6h', "'7h'"],
  },
  'kubectl version not exact': {
    inputs: { ...DEPLOY, 'kubectl-version': '1.32' },
    error: ["input 'kubectl-version' must be an exact version", "'1.32'"],
  },
  'helm version without sha256': {
    inputs: { ...DEPLOY, render: 'helm', 'helm-chart': 'chart', 'helm-version': '3.17.0' },
    error: ["input 'helm-version' is '3.17.0', so 'helm-sha256' must give the sha256"],
  },
  'plain-http mirror off loopback': {
    inputs: { ...DEPLOY, 'tool-mirror': 'http://10.0.0.5/mirror' },
    error: ["input 'tool-mirror' must be an https:// URL", "'http://10.0.0.5/mirror'"],
  },
  'unknown cloud': {
    inputs: { ...DEPLOY, cloud: 'AzureGermanCloud' },
    error: ["input 'cloud' must be one of AzureCloud, AzureUSGovernment, AzureChinaCloud; got 'AzureGermanCloud'"],
  },
  'audience with a space': {
    inputs: { ...DEPLOY, audience: 'api://Azure AD' },
    error: ["input 'audience' must be a token audience without spaces", "'api://Azure AD'"],
  },
  'verify-signatures (the default) without trust material': {
    inputs: omit(DEPLOY, 'verify-signatures'),
    error: [`${TRUST_REQUIRED} with verify-signatures`],
  },
  'trust policy outside the workspace': {
    inputs: { ...omit(DEPLOY, 'verify-signatures'), 'trust-policy': '../trustpolicy.json' },
    error: ["input 'trust-policy' must be a path inside the workspace", "'../trustpolicy.json'"],
  },
  'wildcard identity with other identities': {
    inputs: {
      ...omit(DEPLOY, 'verify-signatures'),
      'trust-store-certs': 'certs',
      'trusted-identities': '*\nx509.subject: C=US, ST=WA, O=Example Org',
    },
    error: ["input 'trusted-identities' must be either the wildcard '*' alone or x509.subject lines"],
  },
  'subscription-id missing and no AZURE_SUBSCRIPTION_ID': {
    inputs: omit(DEPLOY, 'subscription-id'),
    env: NO_AZURE_ENV,
    error: ["input 'subscription-id' is required and was not set (nor AZURE_SUBSCRIPTION_ID"],
  },
  'AZURE_CLIENT_ID from the environment not a GUID': {
    inputs: omit(DEPLOY, 'azure-client-id'),
    env: { ...NO_AZURE_ENV, AZURE_CLIENT_ID: 'app' },
    error: ["environment variable AZURE_CLIENT_ID (the default of input 'azure-client-id') must be a GUID", "'app'"],
  },
};

export const INVALID_INPUTS: Record<string, Record<string, Case>> = {
  scan: SCAN,
  sbom: SBOM,
  sign: SIGN,
  'azure-login': AZURE_LOGIN,
  'deploy-aks': DEPLOY_AKS,
};

describe.each(Object.keys(INVALID_INPUTS))('actions/%s refuses bad input before any work', (action) => {
  it.each(Object.entries(INVALID_INPUTS[action]!))('%s', async (_name, c) => {
    // The local mirror is given to every action that takes one, so a download would show up in its requests.
    const spec = await loadActionYml(path.join(REPO_ROOT, 'actions', action));
    const mirrorInput: Record<string, string> = 'tool-mirror' in spec.inputs ? { 'tool-mirror': mirror.url } : {};
    // Each case names the input it is about, and that input exists.
    const named = c.error.flatMap((f) => [...f.matchAll(/input '([a-z0-9-]+)'/g)].map((m) => m[1]!));
    expect(named.length).toBeGreaterThan(0);
    for (const name of named) expect(Object.keys(spec.inputs)).toContain(name);
    const before = mirror.requests.length;
    const result = await runAction(action, {
      workspace,
      inputs: { ...mirrorInput, ...c.inputs },
      ...(c.env ? { env: c.env } : {}),
    });
    // A misspelt input name would make a case test the wrong thing.
    expect(result.unexpectedInputs).toEqual([]);
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    for (const fragment of c.error) expect(errors[0]!.message).toContain(fragment);
    expect(errors[0]!.message).not.toContain('\n');
    assertNoStackTrace(result.log);
    expect(result.outputs).toEqual({});
    expect(mirror.requests.length).toBe(before);
    expect(readdirSync(result.runnerTemp)).toEqual([]);
    for (const secret of c.secrets ?? []) {
      expect(result.masked).toContain(secret);
      for (const form of [secret, Buffer.from(secret).toString('base64')]) {
        const leaks = result.log.split(/\r?\n/).filter((line) => line.includes(form) && line !== `::add-mask::${form}`);
        expect(leaks).toEqual([]);
        expect(result.summary).not.toContain(form);
      }
    }
    // azure-login and deploy-aks declare a post step, which the runner runs after a failed main too
    // (post-if defaults to always()). main refused before writing a credential file, so post has
    // nothing to remove and must not fail or add a second error.
    expect(result.post !== undefined).toBe(spec.post !== undefined);
    if (result.post) {
      expect(result.post.exitCode).toBe(0);
      expect(result.post.annotations).toEqual([]);
      expect(result.post.log).not.toContain('removed ');
      assertNoStackTrace(result.post.log);
    }
    await result.cleanup();
  });
});

describe('every committed dist runs', () => {
  it.each(['scan', 'sbom', 'sign', 'azure-login', 'deploy-aks'])(
    'actions/%s with no inputs names a missing required input',
    async (action) => {
      const result = await runAction(action, { workspace, post: false });
      expect(result.exitCode).toBe(1);
      const errors = result.annotations.filter((a) => a.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).toMatch(/^input '[a-z-]+' is required and was not set$/);
      assertNoStackTrace(result.log);
      await result.cleanup();
    },
  );
});
