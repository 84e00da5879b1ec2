export const id = 237;
export const ids = [237];
export const modules = {

/***/ 42237:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runTrivyScan: () => (/* binding */ runTrivyScan)
});

// UNUSED EXPORTS: trivyCacheDir

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./lib/cli/trivy.ts + 2 modules
var cli_trivy = __webpack_require__(32398);
// EXTERNAL MODULE: ./lib/oci/reference.ts
var reference = __webpack_require__(4697);
// EXTERNAL MODULE: ./lib/tools/installer.ts + 2 modules
var installer = __webpack_require__(94130);
// EXTERNAL MODULE: ./lib/tools/manifest.ts
var manifest = __webpack_require__(28693);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./lib/scan/trivy-db-cache.ts


/*
 * The vulnerability database is kept in the Actions cache, keyed by day and
 * database repository: restored before the scan, saved right after the
 * download (before any gate can fail the step), so a failing scan never
 * throws the database away.
 */
function dbCacheKey(repositories, today = new Date()) {
    const repoHash = (0,external_node_crypto_.createHash)('sha256').update(repositories.join(',')).digest('hex').slice(0, 12);
    const restorePrefix = `devsecops-trivy-db-${process.platform}-${repoHash}-`;
    return { key: `${restorePrefix}${today.toISOString().slice(0, 10)}`, restorePrefix };
}
async function restoreDbCache(cacheDir, repositories) {
    const cache = await Promise.all(/* import() */[__webpack_require__.e(110), __webpack_require__.e(612)]).then(__webpack_require__.bind(__webpack_require__, 50612));
    if (!cache.isFeatureAvailable()) {
        core/* debug */.Yz('the Actions cache is not available here; the database is downloaded');
        return { exact: false };
    }
    const { key, restorePrefix } = dbCacheKey(repositories);
    try {
        const hit = await cache.restoreCache([`${cacheDir}/db`], key, [restorePrefix]);
        if (hit)
            core/* info */.pq(`vulnerability database restored from the Actions cache (${hit})`);
        return { exact: hit === key };
    }
    catch (error) {
        core/* warning */.$e(`the vulnerability database could not be restored from the Actions cache: ${error.message}`);
        return { exact: false };
    }
}
async function saveDbCache(cacheDir, repositories) {
    const cache = await Promise.all(/* import() */[__webpack_require__.e(110), __webpack_require__.e(612)]).then(__webpack_require__.bind(__webpack_require__, 50612));
    if (!cache.isFeatureAvailable())
        return;
    const { key } = dbCacheKey(repositories);
    try {
        await cache.saveCache([`${cacheDir}/db`], key);
        core/* info */.pq(`vulnerability database saved to the Actions cache as ${key}`);
    }
    catch (error) {
        // Another job of the same day may have saved it first: that is fine.
        core/* info */.pq(`the vulnerability database was not saved to the Actions cache: ${error.message}`);
    }
}

;// CONCATENATED MODULE: ./lib/scan/trivy-scan.ts










/** The Trivy cache directory: Trivy's own default, so other Trivy steps of the job share it. */
function trivyCacheDir() {
    return process.env['TRIVY_CACHE_DIR'] || external_node_path_default().join(external_node_os_default().homedir(), '.cache', 'trivy');
}
/** Installs the pinned Trivy, fills the database (cache, mirrors in order), runs one JSON scan and parses it. */
async function runTrivyScan(request) {
    const installed = await new installer/* ToolInstaller */.b(manifest/* TOOL_MANIFEST */.x).install({
        tool: 'trivy',
        ...(request.tool.version ? { version: request.tool.version } : {}),
        ...(request.tool.sha256 ? { sha256: request.tool.sha256 } : {}),
        ...(request.mirror ? { mirror: request.mirror } : {}),
    });
    const trivy = new cli_trivy/* Trivy */.L_(installed.path, undefined, installed.version);
    const version = await trivy.version();
    core/* info */.pq(`Trivy ${version}`);
    const scanners = (request.scanners.length ? request.scanners : cli_trivy/* DEFAULT_SCANNERS */.wF[request.targetType]).map((s) => (s === 'config' ? 'misconfig' : s));
    const cacheDir = trivyCacheDir();
    const dbRepositories = request.dbRepositories.length ? request.dbRepositories : cli_trivy/* DEFAULT_DB_REPOSITORIES */.Sj;
    const javaDbRepositories = request.javaDbRepositories.length
        ? request.javaDbRepositories
        : cli_trivy/* DEFAULT_JAVA_DB_REPOSITORIES */.dV;
    const needsDb = scanners.includes('vuln') && !request.server && request.targetType !== 'config';
    if (needsDb) {
        await (0,promises_.mkdir)(cacheDir, { recursive: true });
        const restored = request.cache ? await restoreDbCache(cacheDir, dbRepositories) : { exact: false };
        const used = await trivy.downloadDb(dbRepositories, cacheDir, request.timeoutMs, (repo) => isLoopbackRepository(repo));
        core/* info */.pq(`vulnerability database from ${used}`);
        if (request.cache && !restored.exact)
            await saveDbCache(cacheDir, dbRepositories);
    }
    const ignoreFile = request.ignoreFile ?? defaultIgnoreFile(request.workspace);
    const t = request.target;
    await (0,promises_.mkdir)(external_node_path_default().dirname(request.reportFile), { recursive: true });
    await trivy.scan({
        targetType: request.targetType,
        target: t.kind === 'image' ? t.reference : t.path,
        ...(t.kind === 'image-archive' ? { input: t.path } : {}),
        scanners,
        outputFile: request.reportFile,
        cacheDir,
        dbRepositories,
        javaDbRepositories,
        skipDbUpdate: needsDb,
        ...(request.server ? { server: request.server } : {}),
        ...(ignoreFile ? { ignoreFile } : {}),
        skipDirs: request.skipDirs,
        timeoutMs: request.timeoutMs,
        insecureRegistry: t.kind === 'image' && (0,reference/* isLoopbackHost */.cW)((0,reference/* parseImageReference */.o_)(t.reference).registry),
    });
    const report = cli_trivy/* Trivy */.L_.parseReport(await (0,promises_.readFile)(request.reportFile), {
        ...(t.kind === 'path' && t.pathPrefix ? { pathPrefix: t.pathPrefix } : {}),
        imageTarget: t.kind !== 'path',
    });
    return { findings: report.findings, toolVersion: version };
}
function defaultIgnoreFile(workspace) {
    for (const name of ['.trivyignore.yaml', '.trivyignore.yml', '.trivyignore']) {
        const file = external_node_path_default().join(workspace, name);
        if ((0,external_node_fs_.existsSync)(file))
            return file;
    }
    return undefined;
}
function isLoopbackRepository(repo) {
    try {
        return (0,reference/* isLoopbackHost */.cW)((0,reference/* parseImageReference */.o_)(repo).registry);
    }
    catch {
        return false;
    }
}


/***/ })

};
