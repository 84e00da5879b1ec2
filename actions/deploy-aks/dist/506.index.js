export const id = 506;
export const ids = [506];
export const modules = {

/***/ 9506:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runKubeScoreScan: () => (/* binding */ runKubeScoreScan)
/* harmony export */ });
/* unused harmony exports RENDERED_MANIFESTS_FILE, KUBE_SCORE_REPORT_FILE, readKubeScoreReport, workspaceManifestSource */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6058);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _cli_kube_score_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6778);
/* harmony import */ var _k8s_render_manifests_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1030);
/* harmony import */ var _runtime_inputs_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8364);
/* harmony import */ var _tools_installer_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(4130);
/* harmony import */ var _tools_manifest_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(8693);









/*
 * kube-score over every manifest in one run (its checks relate objects to
 * each other: a Deployment to its PodDisruptionBudget, a Pod to the
 * NetworkPolicies and Services that select it). With rendering, the
 * rendered manifests are written to `rendered-manifests.yaml` under outDir,
 * kube-score reads that file, and the findings point at it: by its path
 * relative to the workspace when outDir is inside the workspace (annotated,
 * and a SARIF location code scanning can show), otherwise by its absolute
 * path as their target with the line kept, and no file annotation (a file
 * outside the repository cannot carry one). kube-score's own
 * `kube-score/ignore` annotations work as kube-score defines them: the
 * manifests are passed unchanged.
 */
const RENDERED_MANIFESTS_FILE = 'rendered-manifests.yaml';
const KUBE_SCORE_REPORT_FILE = 'kube-score-report.json';
/** Renders when asked, installs the pinned kube-score, runs it once over every object and parses its report. */
async function runKubeScoreScan(request) {
    const kubernetesVersion = request.kubernetesVersion ?? _cli_kube_score_js__WEBPACK_IMPORTED_MODULE_4__/* .DEFAULT_KUBERNETES_VERSION */ .q;
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(request.outDir, { recursive: true });
    const extraFiles = [];
    let files = request.sources;
    let rendered;
    if (request.render !== 'none') {
        const result = await (0,_k8s_render_manifests_js__WEBPACK_IMPORTED_MODULE_5__/* .renderManifests */ .hO)({
            render: request.render,
            sources: request.sources,
            helmValues: request.helmValues,
            kubernetesVersion,
            outFile: node_path__WEBPACK_IMPORTED_MODULE_3___default().join(request.outDir, RENDERED_MANIFESTS_FILE),
            timeoutMs: request.timeoutMs,
            ...(request.helm ? { helm: request.helm } : {}),
            ...(request.mirror ? { mirror: request.mirror } : {}),
        });
        rendered = result.file;
        files = [rendered];
        extraFiles.push({ label: 'Rendered manifests', path: rendered });
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`rendered ${request.sources.length} source(s) with ${result.renderer} into ${rendered}`);
    }
    const installed = await new _tools_installer_js__WEBPACK_IMPORTED_MODULE_7__/* .ToolInstaller */ .b(_tools_manifest_js__WEBPACK_IMPORTED_MODULE_8__/* .TOOL_MANIFEST */ .x).install({
        tool: 'kube-score',
        ...(request.tool.version ? { version: request.tool.version } : {}),
        ...(request.tool.sha256 ? { sha256: request.tool.sha256 } : {}),
        ...(request.mirror ? { mirror: request.mirror } : {}),
    });
    const kubeScore = new _cli_kube_score_js__WEBPACK_IMPORTED_MODULE_4__/* .KubeScore */ .Z(installed.path);
    const version = await kubeScore.version();
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`kube-score ${version}, checking against Kubernetes ${_cli_kube_score_js__WEBPACK_IMPORTED_MODULE_4__/* .KubeScore */ .Z.kubernetesVersionArg(kubernetesVersion)}`);
    const text = await kubeScore.score({
        kubernetesVersion,
        ignoreTests: request.ignoreTests,
        optionalTests: request.optionalTests,
        files,
        timeoutMs: request.timeoutMs,
    });
    const reportFile = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(request.outDir, KUBE_SCORE_REPORT_FILE);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.writeFile)(reportFile, text);
    extraFiles.unshift({ label: 'kube-score report', path: reportFile });
    const workspace = realOrSelf(request.workspace);
    let source;
    if (rendered) {
        const renderedSource = await fileSource(rendered, workspace);
        source = () => renderedSource;
    }
    else {
        const byPath = new Map();
        for (const file of files)
            byPath.set(node_path__WEBPACK_IMPORTED_MODULE_3___default().resolve(file), await fileSource(file, workspace));
        source = (fileName) => byPath.get(node_path__WEBPACK_IMPORTED_MODULE_3___default().resolve(fileName)) ?? workspaceManifestSource(fileName, workspace);
    }
    const report = _cli_kube_score_js__WEBPACK_IMPORTED_MODULE_4__/* .KubeScore */ .Z.parseReport(text, { source });
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`kube-score scored ${report.objects} object(s)`);
    return { findings: report.findings, toolVersion: version, extraFiles };
}
/** An existing kube-score JSON report, processed without running kube-score; positions from the files it names. */
async function readKubeScoreReport(file, workspace) {
    const root = realOrSelf(workspace);
    const report = KubeScore.parseReport(await readFile(file, 'utf8'), {
        source: (fileName) => workspaceManifestSource(fileName, root),
    });
    return { findings: report.findings };
}
async function fileSource(file, workspace) {
    const text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)(file, 'utf8');
    const real = realOrSelf(file);
    if ((0,_runtime_inputs_js__WEBPACK_IMPORTED_MODULE_6__/* .isInside */ .FK)(workspace, real)) {
        const rel = toPosix(node_path__WEBPACK_IMPORTED_MODULE_3___default().relative(workspace, real));
        return { file: rel, label: rel, text };
    }
    return { label: toPosix(file), text };
}
/**
 * The workspace file a report's `file_name` names: the path itself when it is
 * in the workspace; for a report made elsewhere (kube-score writes absolute
 * paths), the longest tail of the path that is a file in the workspace, as a
 * guess that only holds for objects found in it. Only files inside the
 * workspace are read.
 */
function workspaceManifestSource(fileName, workspace) {
    if (!fileName || fileName === 'STDIN')
        return undefined;
    const normal = fileName.replace(/\\/g, '/');
    const absolute = normal.startsWith('/') || /^[A-Za-z]:\//.test(normal);
    if (!absolute)
        return readWorkspaceFile(normal, workspace, false);
    const direct = node_path__WEBPACK_IMPORTED_MODULE_3___default().resolve(fileName);
    if (node_path__WEBPACK_IMPORTED_MODULE_3___default().isAbsolute(fileName) && (0,_runtime_inputs_js__WEBPACK_IMPORTED_MODULE_6__/* .isInside */ .FK)(workspace, direct)) {
        const found = readWorkspaceFile(toPosix(node_path__WEBPACK_IMPORTED_MODULE_3___default().relative(workspace, direct)), workspace, false);
        if (found)
            return found;
    }
    const segments = normal
        .replace(/^[A-Za-z]:/, '')
        .split('/')
        .filter(Boolean);
    for (let i = 1; i < segments.length; i++) {
        const found = readWorkspaceFile(segments.slice(i).join('/'), workspace, true);
        if (found)
            return found;
    }
    return undefined;
}
function readWorkspaceFile(relative, workspace, guessed) {
    const candidate = node_path__WEBPACK_IMPORTED_MODULE_3___default().resolve(workspace, relative);
    if (!(0,_runtime_inputs_js__WEBPACK_IMPORTED_MODULE_6__/* .isInside */ .FK)(workspace, candidate) || !(0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(candidate))
        return undefined;
    const real = realOrSelf(candidate);
    if (!(0,_runtime_inputs_js__WEBPACK_IMPORTED_MODULE_6__/* .isInside */ .FK)(workspace, real) || !(0,node_fs__WEBPACK_IMPORTED_MODULE_1__.statSync)(real).isFile())
        return undefined;
    const rel = toPosix(node_path__WEBPACK_IMPORTED_MODULE_3___default().relative(workspace, real));
    return { file: rel, label: rel, text: (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(real, 'utf8'), ...(guessed ? { guessed: true } : {}) };
}
function realOrSelf(p) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.realpathSync)(p);
    }
    catch {
        return node_path__WEBPACK_IMPORTED_MODULE_3___default().resolve(p);
    }
}
function toPosix(p) {
    return p.split((node_path__WEBPACK_IMPORTED_MODULE_3___default().sep)).join('/');
}


/***/ })

};
