export const id = 785;
export const ids = [785];
export const modules = {

/***/ 42785:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runKubeScoreFromInputs: () => (/* binding */ runKubeScoreFromInputs)
/* harmony export */ });
/* harmony import */ var _lib_runtime_inputs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(28364);
/* harmony import */ var _lib_runtime_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(35862);


/** Wiring of scanner 'kube-score': inputs to lib/scan, raw reports under outDir. */
async function runKubeScoreFromInputs(inputs, outDir, workspace) {
    const render = inputs['kube-score-render'];
    if (inputs['helm-values'].length > 0 && render !== 'helm') {
        throw new _lib_runtime_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`input 'helm-values' needs kube-score-render 'helm'; kube-score-render is '${render}'`);
    }
    // Loaded only for kube-score scans: the YAML parser behind positions is not needed by the other scanners.
    const { readKubeScoreReport, runKubeScoreScan } = await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(444), __webpack_require__.e(818)]).then(__webpack_require__.bind(__webpack_require__, 65818));
    if (inputs.report)
        return readKubeScoreReport(inputs.report, workspace);
    // Targets are resolved before anything is installed or written: an entry that matches nothing is refused.
    const { resolveManifestFiles, resolveRenderSources } = await __webpack_require__.e(/* import() */ 882).then(__webpack_require__.bind(__webpack_require__, 28882));
    const entries = (0,_lib_runtime_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .getListInput */ .DF)('target');
    const sources = render === 'none' ? resolveManifestFiles('target', entries) : resolveRenderSources('target', entries, render);
    return runKubeScoreScan({
        render,
        sources,
        helmValues: inputs['helm-values'],
        ...(inputs['kubernetes-version'] ? { kubernetesVersion: inputs['kubernetes-version'] } : {}),
        ignoreTests: inputs['kube-score-ignore-tests'],
        optionalTests: inputs['kube-score-optional-tests'],
        timeoutMs: inputs.timeoutMs,
        tool: inputs.tool,
        helm: inputs.helm,
        ...(inputs['tool-mirror'] ? { mirror: inputs['tool-mirror'] } : {}),
        outDir,
        workspace,
    });
}


/***/ })

};
