export const id = 882;
export const ids = [882];
export const modules = {

/***/ 28882:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   resolveManifestFiles: () => (/* binding */ resolveManifestFiles),
/* harmony export */   resolveRenderSources: () => (/* binding */ resolveRenderSources)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(14006);
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(picomatch__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _runtime_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(35862);
/* harmony import */ var _runtime_inputs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(28364);





const GLOB = /[*?[\]{}]/;
const MANIFEST = /\.ya?ml$/i;
/** Directories never walked when expanding a directory or a glob (VCS data, dependencies, hidden tool state). */
const SKIPPED_DIRS = new Set(['node_modules']);
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/**
 * Absolute real paths of the manifest files `entries` name, in the order
 * given (directories and globs expanded in sorted order), each file once.
 */
function resolveManifestFiles(input, entries) {
    const files = [];
    const add = (file) => {
        if (!files.includes(file))
            files.push(file);
    };
    for (const entry of entries) {
        const matched = GLOB.test(entry) ? globFiles(input, entry) : pathFiles(input, entry);
        if (matched.length === 0) {
            throw (0,_runtime_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .invalidInput */ .aY)(input, entry, 'manifest files, directories or globs inside the workspace that match at least one *.yaml or *.yml file');
        }
        matched.forEach(add);
    }
    return files;
}
/**
 * The directories (kustomize) or charts (helm: a directory holding Chart.yaml,
 * or a packaged .tgz) that `entries` name, as absolute real paths.
 */
function resolveRenderSources(input, entries, render) {
    return entries.map((entry) => {
        if (GLOB.test(entry))
            throw (0,_runtime_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .invalidInput */ .aY)(input, entry, `directories, not globs, with kube-score-render ${render}`);
        const resolved = (0,_runtime_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .resolveWorkspacePath */ .XI)(input, entry, { mustExist: true });
        const isDir = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(resolved).isDirectory();
        if (render === 'kustomize') {
            if (!isDir || !KUSTOMIZATION_FILES.some((f) => (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(node_path__WEBPACK_IMPORTED_MODULE_1___default().join(resolved, f)))) {
                throw (0,_runtime_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .invalidInput */ .aY)(input, entry, 'directories holding a kustomization.yaml with kube-score-render kustomize');
            }
        }
        else if (isDir ? !(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(node_path__WEBPACK_IMPORTED_MODULE_1___default().join(resolved, 'Chart.yaml')) : !/\.tgz$/i.test(resolved)) {
            throw (0,_runtime_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .invalidInput */ .aY)(input, entry, 'chart directories (holding Chart.yaml) or packaged charts (.tgz) with kube-score-render helm');
        }
        return resolved;
    });
}
function pathFiles(input, entry) {
    const resolved = (0,_runtime_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .resolveWorkspacePath */ .XI)(input, entry, { mustExist: true });
    return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(resolved).isDirectory() ? walk(resolved, (rel) => MANIFEST.test(rel)) : [resolved];
}
function globFiles(input, entry) {
    const scan = picomatch__WEBPACK_IMPORTED_MODULE_4___default().scan(entry);
    if (scan.negated)
        throw (0,_runtime_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .invalidInput */ .aY)(input, entry, 'manifest files, directories or globs (not negated globs)');
    const base = (0,_runtime_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .resolveWorkspacePath */ .XI)(input, scan.base || '.');
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(base) || !(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(base).isDirectory())
        return [];
    const matches = picomatch__WEBPACK_IMPORTED_MODULE_4___default()(scan.glob);
    return walk(base, (rel) => matches(rel));
}
/** Regular files below dir whose path relative to dir (with `/`) is wanted, sorted; links must stay in the workspace. */
function walk(dir, wanted) {
    const root = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync)((0,_runtime_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .workspaceDir */ .zf)());
    const found = [];
    const visit = (current, relative) => {
        const entries = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(current, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
        for (const e of entries) {
            const rel = relative ? `${relative}/${e.name}` : e.name;
            const full = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(current, e.name);
            if (e.isDirectory()) {
                if (!e.name.startsWith('.') && !SKIPPED_DIRS.has(e.name))
                    visit(full, rel);
            }
            else if ((e.isFile() || e.isSymbolicLink()) && wanted(rel)) {
                const real = realOrUndefined(full);
                if (real && (0,_runtime_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .isInside */ .FK)(root, real) && (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(real).isFile())
                    found.push(real);
            }
        }
    };
    visit(dir, '');
    return found;
}
function realOrUndefined(p) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync)(p);
    }
    catch {
        return undefined;
    }
}


/***/ })

};
