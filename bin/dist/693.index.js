export const id = 693;
export const ids = [693];
export const modules = {

/***/ 8693:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   TOOL_MANIFEST: () => (/* binding */ TOOL_MANIFEST)
/* harmony export */ });
/** Go-style operating system and architecture names of each platform. */
const GO = {
    'linux-x64': { os: 'linux', arch: 'amd64' },
    'linux-arm64': { os: 'linux', arch: 'arm64' },
    'darwin-x64': { os: 'darwin', arch: 'amd64' },
    'darwin-arm64': { os: 'darwin', arch: 'arm64' },
    'win32-x64': { os: 'windows', arch: 'amd64' },
};
const vTag = (version) => `v${version}`;
/** `<prefix>_<version>_<os>_<arch>.tar.gz`, `.zip` on Windows (GoReleaser's default naming). */
function goreleaserArchive(prefix, version, platform, windowsExt = 'zip') {
    const { os, arch } = GO[platform];
    return { file: `${prefix}_${version}_${os}_${arch}.${os === 'windows' ? windowsExt : 'tar.gz'}` };
}
const TRIVY_SUFFIX = {
    'linux-x64': 'Linux-64bit.tar.gz',
    'linux-arm64': 'Linux-ARM64.tar.gz',
    'darwin-x64': 'macOS-64bit.tar.gz',
    'darwin-arm64': 'macOS-ARM64.tar.gz',
    'win32-x64': 'windows-64bit.zip',
};
const TOOL_MANIFEST = {
    syft: {
        version: '1.40.1',
        source: { kind: 'github-release', repo: 'anchore/syft', tag: vTag },
        executable: () => 'syft',
        locate: (version, platform) => goreleaserArchive('syft', version, platform),
        assets: {
            'linux-x64': {
                // syft_1.40.1_checksums.txt; confirmed by Stashi-Wallet generate-sbom.sh and a Bazel SYFT_VERSIONS table
                file: 'syft_1.40.1_linux_amd64.tar.gz',
                sha256: 'c229137c919f22aa926c1c015388db5ec64e99c078e0baac053808e8f36e2e00',
            },
            'linux-arm64': {
                // syft_1.40.1_checksums.txt; confirmed by Stashi-Wallet generate-sbom.sh and a Bazel SYFT_VERSIONS table
                file: 'syft_1.40.1_linux_arm64.tar.gz',
                sha256: '13c03a712ad496083d164bdd009c458fda854fb4c8456441fc9c286bbb500e07',
            },
            'darwin-x64': {
                // syft_1.40.1_checksums.txt; confirmed by Stashi-Wallet generate-sbom.sh and a Bazel SYFT_VERSIONS table
                file: 'syft_1.40.1_darwin_amd64.tar.gz',
                sha256: '9e84d1f152ef9d3bb541cc7cedf81ed4c7ed78f6cc2e4c8f0db9e052b64cd7be',
            },
            'darwin-arm64': {
                // syft_1.40.1_checksums.txt; confirmed by Stashi-Wallet generate-sbom.sh and a Bazel SYFT_VERSIONS table
                file: 'syft_1.40.1_darwin_arm64.tar.gz',
                sha256: 'c0f6a4fc0563ef1dfe1acf9a4518db66cb37bbb1391889aba3be773dff3487dd',
            },
            'win32-x64': {
                // syft_1.40.1_checksums.txt; confirmed by the Chocolatey syft package (marcinbojko/syft) and Stashi-Wallet
                file: 'syft_1.40.1_windows_amd64.zip',
                sha256: 'eedac363e277dfecac420b6e4ed0a861bc2c9c84a7544157f52807a99bff07cd',
            },
        },
        provenance: {
            published: 'https://github.com/anchore/syft/releases/download/v1.40.1/syft_1.40.1_checksums.txt',
            confirmedBy: 'https://github.com/PirateNetwork/Stashi-Wallet/blob/29bd4190c194b1d7e1de9db58d6a04aed4ba5ca3/scripts/generate-sbom.sh',
        },
    },
    trivy: {
        // Never 0.69.4, 0.69.5 or 0.69.6: those releases were compromised (see compromised.ts).
        version: '0.69.3',
        source: { kind: 'github-release', repo: 'aquasecurity/trivy', tag: vTag },
        executable: () => 'trivy',
        locate: (version, platform) => ({ file: `trivy_${version}_${TRIVY_SUFFIX[platform]}` }),
        assets: {
            'linux-x64': {
                // trivy_0.69.3_checksums.txt; confirmed by cert-manager makefile-modules and awslabs/automated-security-helper
                file: 'trivy_0.69.3_Linux-64bit.tar.gz',
                sha256: '1816b632dfe529869c740c0913e36bd1629cb7688bd5634f4a858c1d57c88b75',
            },
            'linux-arm64': {
                // trivy_0.69.3_checksums.txt; confirmed by cert-manager makefile-modules and awslabs/automated-security-helper
                file: 'trivy_0.69.3_Linux-ARM64.tar.gz',
                sha256: '7e3924a974e912e57b4a99f65ece7931f8079584dae12eb7845024f97087bdfd',
            },
            'darwin-x64': {
                // trivy_0.69.3_checksums.txt; confirmed by cert-manager makefile-modules and awslabs/automated-security-helper
                file: 'trivy_0.69.3_macOS-64bit.tar.gz',
                sha256: 'fec4a9f7569b624dd9d044fca019e5da69e032700edbb1d7318972c448ec2f4e',
            },
            'darwin-arm64': {
                // trivy_0.69.3_checksums.txt; confirmed by cert-manager makefile-modules and awslabs/automated-security-helper
                file: 'trivy_0.69.3_macOS-ARM64.tar.gz',
                sha256: 'a2f2179afd4f8bb265ca3c7aefb56a666bc4a9a411663bc0f22c3549fbc643a5',
            },
            'win32-x64': {
                // trivy_0.69.3_checksums.txt; confirmed by awslabs/automated-security-helper and independent CI install scripts
                file: 'trivy_0.69.3_windows-64bit.zip',
                sha256: '74362dc711383255308230ecbeb587eb1e4e83a8d332be5b0259afac6e0c2224',
            },
        },
        provenance: {
            published: 'https://github.com/aquasecurity/trivy/releases/download/v0.69.3/trivy_0.69.3_checksums.txt',
            // The revisions of this file that pin trivy v0.69.3 (later ones moved on) list all five hashes, transcribed
            // from trivy_0.69.3_checksums.txt; cert-manager/makefile-modules modules/tools/00_mod.mk (trivy=v0.69.3
            // revision) lists the four Linux/macOS ones.
            confirmedBy: 'https://github.com/awslabs/automated-security-helper/blob/main/automated_security_helper/utils/tool_downloads.py',
        },
    },
    notation: {
        version: '1.3.2',
        source: { kind: 'github-release', repo: 'notaryproject/notation', tag: vTag },
        executable: () => 'notation',
        locate: (version, platform) => goreleaserArchive('notation', version, platform),
        assets: {
            'linux-x64': {
                // notation_1.3.2_checksums.txt; confirmed by notaryproject/notation-action and microsoft/azure-pipelines-tasks
                file: 'notation_1.3.2_linux_amd64.tar.gz',
                sha256: 'e1a0f060308086bf8020b2d31defb7c5348f133ca0dba6a1a7820ef3cbb6dfe5',
            },
            'linux-arm64': {
                // notation_1.3.2_checksums.txt; confirmed by notaryproject/notation-action and microsoft/azure-pipelines-tasks
                file: 'notation_1.3.2_linux_arm64.tar.gz',
                sha256: '34143c7b816a50104824278080a5cf12bbf855488e003f62e6acf27ed25c423c',
            },
            'darwin-x64': {
                // notation_1.3.2_checksums.txt; confirmed by notaryproject/notation-action and microsoft/azure-pipelines-tasks
                file: 'notation_1.3.2_darwin_amd64.tar.gz',
                sha256: '72fade2ccb0765e2ff26b53c9ca663dd33dc4f2020b2b8493e703a9ccf6174a2',
            },
            'darwin-arm64': {
                // notation_1.3.2_checksums.txt; confirmed by notaryproject/notation-action and microsoft/azure-pipelines-tasks
                file: 'notation_1.3.2_darwin_arm64.tar.gz',
                sha256: '054bf6e9fb2619390dab9c74e5d6c511bde7609f3a060ee512c6aead2440c214',
            },
            'win32-x64': {
                // notation_1.3.2_checksums.txt; confirmed by notaryproject/notation-action and microsoft/azure-pipelines-tasks
                file: 'notation_1.3.2_windows_amd64.zip',
                sha256: '014f25a530eee17520c8e1eb7380e4bd02ff6fc04479a07a890954e3b7ddfdc7',
            },
        },
        provenance: {
            published: 'https://github.com/notaryproject/notation/releases/download/v1.3.2/notation_1.3.2_checksums.txt',
            confirmedBy: 'https://github.com/microsoft/azure-pipelines-tasks/blob/33ac5ab1aa24e020b573fd11ef1f6345123f6d79/Tasks/NotationV0/data/notation_versions.json',
        },
    },
    'notation-azure-kv': {
        // Only linux-x64 has a second source for 1.2.1; 1.0.2 is confirmable on every platform but
        // predates the plugin's Azure.Identity security update, so it is not used.
        version: '1.2.1',
        source: { kind: 'github-release', repo: 'Azure/notation-azure-kv', tag: vTag },
        executable: () => 'notation-azure-kv',
        locate: (version, platform) => goreleaserArchive('notation-azure-kv', version, platform),
        assets: {
            'linux-x64': {
                // notation-azure-kv_1.2.1_checksums.txt; confirmed by microsoft/azure-pipelines-tasks and Microsoft Learn (ACR signing docs)
                file: 'notation-azure-kv_1.2.1_linux_amd64.tar.gz',
                sha256: '67c5ccaaf28dd44d2b6572684d84e344a02c2258af1d65ead3910b3156d3eaf5',
            },
        },
        provenance: {
            published: 'https://github.com/Azure/notation-azure-kv/releases/download/v1.2.1/notation-azure-kv_1.2.1_checksums.txt',
            confirmedBy: 'https://github.com/microsoft/azure-pipelines-tasks/blob/24d28de6f3516755815b761d3cf7661f604c05b1/Tasks/NotationV0/data/azure_kv_versions.json',
        },
    },
    'kube-score': {
        version: '1.20.0',
        source: { kind: 'github-release', repo: 'zegl/kube-score', tag: vTag },
        executable: () => 'kube-score',
        // kube-score publishes .tar.gz archives for every platform, Windows included.
        locate: (version, platform) => goreleaserArchive('kube-score', version, platform, 'tar.gz'),
        assets: {
            'linux-x64': {
                // checksums.txt of v1.20.0; confirmed by kubernetes-sigs/krew-index (plugins/score.yaml) and the AUR kube-score-bin PKGBUILD
                file: 'kube-score_1.20.0_linux_amd64.tar.gz',
                sha256: 'ff777b4b3f45905b2d22c69e93c57a7a170e61529a79d54e59cb95cca4bc2a55',
            },
        },
        provenance: {
            published: 'https://github.com/zegl/kube-score/releases/download/v1.20.0/checksums.txt',
            confirmedBy: 'https://github.com/kubernetes-sigs/krew-index/blob/d897c9d40f15f9a68b063347118dec428539b1eb/plugins/score.yaml',
        },
    },
    kubectl: {
        version: '1.35.3',
        source: { kind: 'url', host: 'dl.k8s.io' },
        executable: () => 'kubectl',
        locate: (version, platform) => {
            const { os, arch } = GO[platform];
            const file = os === 'windows' ? 'kubectl.exe' : 'kubectl';
            return { file, path: `release/v${version}/bin/${os}/${arch}/${file}` };
        },
        assets: {
            'linux-x64': {
                // release/v1.35.3/bin/linux/amd64/kubectl.sha256; confirmed by cert-manager makefile-modules and others
                file: 'kubectl',
                sha256: 'fd31c7d7129260e608f6faf92d5984c3267ad0b5ead3bced2fe125686e286ad6',
            },
            'linux-arm64': {
                // release/v1.35.3/bin/linux/arm64/kubectl.sha256; confirmed by cert-manager makefile-modules and others
                file: 'kubectl',
                sha256: '6f0cd088a82dde5d5807122056069e2fac4ed447cc518efc055547ae46525f14',
            },
            'darwin-x64': {
                // release/v1.35.3/bin/darwin/amd64/kubectl.sha256; confirmed by cert-manager makefile-modules and a SUSE install script
                file: 'kubectl',
                sha256: '2f339b1eae2e1792ec08da281b37afbeee94f70bed6b7398e7efd81ba08f8d37',
            },
            'darwin-arm64': {
                // release/v1.35.3/bin/darwin/arm64/kubectl.sha256; confirmed by cert-manager makefile-modules and a SUSE install script
                file: 'kubectl',
                sha256: '280651239d84bab214ba83403666bf6976a5fa0dbdb41404f26eb6f276d34963',
            },
        },
        provenance: {
            // One .sha256 file per platform: release/v1.35.3/bin/<os>/<arch>/kubectl.sha256.
            published: 'https://dl.k8s.io/release/v1.35.3/bin/linux/amd64/kubectl.sha256',
            // The revision of 00_mod.mk that pins kubectl=v1.35.3 (main has moved on) lists all four hashes.
            confirmedBy: 'https://github.com/cert-manager/makefile-modules/blob/main/modules/tools/00_mod.mk',
        },
    },
    helm: {
        version: '4.1.3',
        source: { kind: 'url', host: 'get.helm.sh' },
        executable: (_version, platform) => `${GO[platform].os}-${GO[platform].arch}/helm`,
        locate: (version, platform) => {
            const { os, arch } = GO[platform];
            const file = `helm-v${version}-${os}-${arch}.${os === 'windows' ? 'zip' : 'tar.gz'}`;
            return { file, path: file };
        },
        assets: {
            'linux-x64': {
                // helm-v4.1.3-linux-amd64.tar.gz.sha256sum (helm v4.1.3 release notes); confirmed by cert-manager makefile-modules
                file: 'helm-v4.1.3-linux-amd64.tar.gz',
                sha256: '02ce9722d541238f81459938b84cf47df2fdf1187493b4bfb2346754d82a4700',
            },
            'linux-arm64': {
                // helm-v4.1.3-linux-arm64.tar.gz.sha256sum (helm v4.1.3 release notes); confirmed by cert-manager makefile-modules
                file: 'helm-v4.1.3-linux-arm64.tar.gz',
                sha256: '5db45e027cc8de4677ec869e5d803fc7631b0bab1c1eb62ac603a62d22359a43',
            },
            'darwin-x64': {
                // helm-v4.1.3-darwin-amd64.tar.gz.sha256sum (helm v4.1.3 release notes); confirmed by cert-manager makefile-modules
                file: 'helm-v4.1.3-darwin-amd64.tar.gz',
                sha256: '742132e11cc08a81c97f70180cd714ae8376f8c896247a7b14ae1f51838b5a0b',
            },
            'darwin-arm64': {
                // helm-v4.1.3-darwin-arm64.tar.gz.sha256sum (helm v4.1.3 release notes); confirmed by cert-manager makefile-modules
                file: 'helm-v4.1.3-darwin-arm64.tar.gz',
                sha256: '21c02fe2f7e27d08e24a6bf93103f9d2b25aab6f13f91814b2cfabc99b108a5e',
            },
            'win32-x64': {
                // helm-v4.1.3-windows-amd64.zip.sha256sum (helm v4.1.3 release notes); confirmed by microsoft/winget-pkgs Helm.Helm 4.1.3
                file: 'helm-v4.1.3-windows-amd64.zip',
                sha256: 'a69356c872fca122650e8c392341c5c49c19da004353514611118087ea2ee7cf',
            },
        },
        provenance: {
            // The release notes list every asset's get.helm.sh/<file>.sha256sum value.
            published: 'https://github.com/helm/helm/releases/tag/v4.1.3',
            // The revision of 00_mod.mk that pins helm=v4.1.3 (main has moved on) lists the Linux/macOS hashes; the
            // Windows one is confirmed by microsoft/winget-pkgs manifests/h/Helm/Helm/4.1.3/Helm.Helm.installer.yaml.
            confirmedBy: 'https://github.com/cert-manager/makefile-modules/blob/main/modules/tools/00_mod.mk',
        },
    },
};


/***/ })

};
