export const id = 671;
export const ids = [671];
export const modules = {

/***/ 5862:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OK: () => (/* binding */ OperationError),
/* harmony export */   j1: () => (/* binding */ ConfigurationError)
/* harmony export */ });
/* unused harmony export invalidInput */
/**
 * A mistake of the user's (a bad input, a malformed policy file, a missing
 * permission): reported as one clear line, exit 1, no stack trace.
 */
class ConfigurationError extends Error {
    name = 'ConfigurationError';
}
/**
 * A failure the user can act on that is not a bug in this code: a tool that
 * exited non-zero, a download refused by its server, a checksum mismatch.
 * Reported without a stack trace; the message carries what went wrong.
 */
class OperationError extends Error {
    name = 'OperationError';
}
/** `input 'fail-on' must be one of critical, high; got 'hihg'` */
function invalidInput(input, value, allowed) {
    return new ConfigurationError(`input '${input}' must be ${allowed}; got '${printable(value)}'`);
}
/** Keeps a refused value on one line and short enough to read. */
function printable(value) {
    const oneLine = value.replace(/\r?\n/g, '\\n');
    return oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine;
}


/***/ }),

/***/ 4671:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  assetUrl: () => (/* binding */ assetUrl),
  resolveToolMirror: () => (/* binding */ resolveToolMirror)
});

// EXTERNAL MODULE: ./lib/runtime/errors.ts
var errors = __webpack_require__(5862);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var lib_core = __webpack_require__(6058);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./lib/runtime/inputs.ts





/*
 * Typed readers for action inputs. Each returns a parsed value or throws a
 * ConfigurationError naming the input, the value and what is allowed, so a
 * step's getInputs() fails before any work is done.
 *
 * An input set to the empty string counts as not set: the runner passes ''
 * for inputs the step leaves out that have no default.
 */
/** The raw value, trimmed; undefined when empty. */
function getOptionalInput(name) {
    const value = core.getInput(name).trim();
    return value === '' ? undefined : value;
}
function getRequiredInput(name) {
    const value = getOptionalInput(name);
    if (value === undefined)
        throw new ConfigurationError(`input '${name}' is required and was not set`);
    return value;
}
function getEnumInput(name, allowed, fallback) {
    const value = getOptionalInput(name);
    if (value === undefined)
        return fallback;
    const match = allowed.find((a) => a === value.toLowerCase());
    if (match === undefined)
        throw invalidInput(name, value, `one of ${allowed.join(', ')}`);
    return match;
}
const TRUE = (/* unused pure expression or super */ null && (['true', 'yes', 'on', '1']));
const FALSE = (/* unused pure expression or super */ null && (['false', 'no', 'off', '0']));
function getBooleanInput(name, fallback) {
    const value = getOptionalInput(name);
    if (value === undefined)
        return fallback;
    const lower = value.toLowerCase();
    if (TRUE.includes(lower))
        return true;
    if (FALSE.includes(lower))
        return false;
    throw invalidInput(name, value, 'true or false');
}
/** Items separated by commas and/or newlines; blanks dropped. */
function getListInput(name, separators = 'comma-or-newline') {
    const value = getOptionalInput(name);
    if (value === undefined)
        return [];
    const split = separators === 'newline' ? /\r?\n/ : /[,\r\n]/;
    return value
        .split(split)
        .map((item) => item.trim())
        .filter((item) => item !== '' && !item.startsWith('#'));
}
function getIntegerInput(name, bounds, fallback) {
    const value = getOptionalInput(name);
    if (value === undefined)
        return fallback;
    const allowed = `a whole number from ${bounds.min} to ${bounds.max}`;
    if (!/^-?\d+$/.test(value))
        throw invalidInput(name, value, allowed);
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < bounds.min || n > bounds.max)
        throw invalidInput(name, value, allowed);
    return n;
}
const DURATION_UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/** Parses `90s`, `5m`, `1h30m`, `250ms`; a bare number is seconds. Returns milliseconds, or undefined. */
function parseDuration(text) {
    const value = text.trim();
    if (/^\d+$/.test(value))
        return Number(value) * 1000;
    if (!/^(\d+(ms|s|m|h))+$/.test(value))
        return undefined;
    let total = 0;
    for (const [, amount, unit] of value.matchAll(/(\d+)(ms|s|m|h)/g)) {
        total += Number(amount) * (DURATION_UNITS[unit ?? 's'] ?? 1000);
    }
    return total;
}
/** A duration in milliseconds, bounded. */
function getDurationInput(name, bounds, fallback) {
    const value = getOptionalInput(name) ?? fallback;
    const allowed = `a duration such as 90s, 5m or 1h30m, from ${formatDuration(bounds.minMs)} to ${formatDuration(bounds.maxMs)}`;
    const ms = parseDuration(value);
    if (ms === undefined || ms < bounds.minMs || ms > bounds.maxMs)
        throw invalidInput(name, value, allowed);
    return ms;
}
function formatDuration(ms) {
    if (ms % 3_600_000 === 0)
        return `${ms / 3_600_000}h`;
    if (ms % 60_000 === 0)
        return `${ms / 60_000}m`;
    if (ms % 1000 === 0)
        return `${ms / 1000}s`;
    return `${ms}ms`;
}
/** An absolute http(s) URL. `httpsOnly` still lets loopback use http, for local services. */
function getUrlInput(name, options = {}) {
    const value = getOptionalInput(name);
    if (value === undefined)
        return undefined;
    const problem = urlProblem(value, options.httpsOnly ?? false);
    if (problem)
        throw invalidInput(name, value, problem);
    return new URL(value);
}
function urlProblem(value, httpsOnly) {
    const allowed = httpsOnly ? 'an https:// URL (http:// only on loopback)' : 'an absolute http:// or https:// URL';
    let url;
    try {
        url = new URL(value);
    }
    catch {
        return allowed;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
        return allowed;
    if (url.username || url.password)
        return `${allowed} without credentials in it`;
    if (httpsOnly && url.protocol === 'http:' && !isLoopbackHostname(url.hostname))
        return allowed;
    return undefined;
}
function isLoopbackHostname(hostname) {
    return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function getGuidInput(name) {
    const value = getOptionalInput(name);
    if (value === undefined)
        return undefined;
    if (!GUID.test(value))
        throw invalidInput(name, value, 'a GUID such as 00000000-0000-0000-0000-000000000000');
    return value.toLowerCase();
}
/** A sha256 checksum: 64 hex characters, optionally prefixed `sha256:`. Returned as lower-case hex. */
function getSha256Input(name) {
    const value = getOptionalInput(name);
    if (value === undefined)
        return undefined;
    const hex = value.toLowerCase().replace(/^sha256:/, '');
    if (!/^[0-9a-f]{64}$/.test(hex))
        throw invalidInput(name, value, 'a sha256 checksum of 64 hexadecimal characters');
    return hex;
}
function getImageReferenceInput(name) {
    const value = getOptionalInput(name);
    if (value === undefined)
        return undefined;
    assertImageReference(name, value);
    return value;
}
function assertImageReference(name, value) {
    const problem = imageReferenceProblem(value);
    if (problem)
        throw invalidInput(name, value, `an image reference such as registry.example.com/team/app:1.0 or …@sha256:<digest> (${problem})`);
}
/** The workspace that relative paths are resolved against. */
function workspaceDir() {
    return path.resolve(process.env['GITHUB_WORKSPACE'] || process.cwd());
}
/**
 * A path that must stay inside the workspace, resolved to an absolute path.
 * Symbolic links are followed when the path exists, so a link cannot lead out.
 */
function getWorkspacePathInput(name, options = {}) {
    const value = getOptionalInput(name);
    if (value === undefined)
        return undefined;
    return resolveWorkspacePath(name, value, options);
}
function resolveWorkspacePath(name, value, options = {}) {
    const root = realOrSelf(workspaceDir());
    const absolute = path.resolve(root, value);
    const allowed = `a path inside the workspace (${root})`;
    if (!isInside(root, absolute))
        throw invalidInput(name, value, allowed);
    let real;
    try {
        real = realpathSync(absolute);
    }
    catch {
        if (options.mustExist)
            throw invalidInput(name, value, `an existing path inside the workspace (${root})`);
        // A file still to be written: its nearest existing directory must not link out of the workspace.
        const parent = nearestExistingParent(absolute);
        const realParent = realOrSelf(parent);
        if (!isInside(root, realParent))
            throw invalidInput(name, value, `${allowed}; ${path.relative(root, parent)} links to ${realParent}`);
        return path.join(realParent, path.relative(parent, absolute));
    }
    if (!isInside(root, real))
        throw invalidInput(name, value, `${allowed}; it links to ${real}`);
    return real;
}
function nearestExistingParent(p) {
    let dir = path.dirname(p);
    while (!existsSync(dir) && path.dirname(dir) !== dir)
        dir = path.dirname(dir);
    return dir;
}
function realOrSelf(p) {
    try {
        return realpathSync(p);
    }
    catch {
        return p;
    }
}
function isInside(root, candidate) {
    const relative = path.relative(root, candidate);
    const escapes = relative === '..' || relative.startsWith(`..${path.sep}`);
    return !escapes && !path.isAbsolute(relative);
}
/**
 * A path for a file the action writes: inside the workspace or under
 * RUNNER_TEMP (where reports go by default, out of the checked-out tree).
 */
function getOutputPathInput(name) {
    const value = getOptionalInput(name);
    if (value === undefined)
        return undefined;
    const temp = process.env['RUNNER_TEMP'];
    if (temp) {
        const absolute = path.resolve(workspaceDir(), value);
        if (isInside(realOrSelf(path.resolve(temp)), absolute) || isInside(path.resolve(temp), absolute))
            return absolute;
    }
    return resolveWorkspacePath(name, value);
}
/** A free-form identifier (category, artifact name): letters, digits and `._-/`. */
function getIdentifierInput(name, maxLength = 100) {
    const value = getOptionalInput(name);
    if (value === undefined)
        return undefined;
    if (value.length > maxLength || !/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/.test(value)) {
        throw invalidInput(name, value, `letters, digits and . _ - / (at most ${maxLength} characters)`);
    }
    return value;
}
/**
 * A GUID input that falls back to an environment variable, such as the
 * `AZURE_CLIENT_ID` that actions/azure-login exports. Undefined when neither is set.
 */
function getGuidInputOrEnv(name, envName) {
    const fromInput = getGuidInput(name);
    if (fromInput !== undefined)
        return fromInput;
    const fromEnv = process.env[envName]?.trim();
    if (!fromEnv)
        return undefined;
    if (!GUID.test(fromEnv)) {
        throw new ConfigurationError(`environment variable ${envName} (the default of input '${name}') must be a GUID such as 00000000-0000-0000-0000-000000000000; got '${fromEnv}'`);
    }
    return fromEnv.toLowerCase();
}
const REGISTRY_HOST = /^(?:localhost|\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?=:\d))(?::(\d{1,5}))?$/;
/**
 * Registry host names (`myregistry.azurecr.io`, `127.0.0.1:5000`), comma or
 * newline separated, lower-cased and deduplicated. A name needs a dot, a port
 * or to be `localhost`, as in Docker's reading of image references; Docker Hub's
 * aliases become `docker.io`.
 */
function getRegistryHostListInput(name) {
    const hosts = [];
    for (const item of getListInput(name)) {
        const host = item.toLowerCase();
        const port = REGISTRY_HOST.exec(host)?.[1];
        if (!REGISTRY_HOST.test(host) || (port !== undefined && Number(port) > 65535)) {
            throw invalidInput(name, item, 'registry host names such as myregistry.azurecr.io or 127.0.0.1:5000 (no scheme or path)');
        }
        const canonical = host === 'index.docker.io' || host === 'registry-1.docker.io' ? 'docker.io' : host;
        if (!hosts.includes(canonical))
            hosts.push(canonical);
    }
    return hosts;
}

;// CONCATENATED MODULE: ./lib/tools/asset-url.ts


/**
 * The download URL of a tool asset, from its upstream or from a mirror laid
 * out like GitHub releases (`<mirror>/<owner>/<repo>/releases/download/<tag>/<file>`);
 * tools hosted elsewhere keep their host and path below the mirror
 * (`<mirror>/<host>/<path>`).
 */
function assetUrl(tool, version, location, mirror) {
    const base = mirror ? mirror.replace(/\/+$/, '') : undefined;
    if (tool.source.kind === 'github-release') {
        const rel = `${tool.source.repo}/releases/download/${tool.source.tag(version)}/${location.file}`;
        return base ? `${base}/${rel}` : `https://github.com/${rel}`;
    }
    const rel = `${tool.source.host}/${location.path ?? location.file}`;
    return base ? `${base}/${rel}` : `https://${rel}`;
}
/** The mirror from the `tool-mirror` input or `DEVSECOPS_TOOL_MIRROR`, validated: https, or http on loopback. */
function resolveToolMirror(input, inputName = 'tool-mirror') {
    const fromEnv = process.env['DEVSECOPS_TOOL_MIRROR']?.trim();
    const value = input ?? (fromEnv ? fromEnv : undefined);
    if (value === undefined)
        return undefined;
    const problem = urlProblem(value, true);
    const source = input !== undefined ? `input '${inputName}'` : 'DEVSECOPS_TOOL_MIRROR';
    if (problem)
        throw new errors/* ConfigurationError */.j1(`${source} must be ${problem}; got '${value}'`);
    return value;
}


/***/ })

};
