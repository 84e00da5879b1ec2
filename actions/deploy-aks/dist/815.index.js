export const id = 815;
export const ids = [815];
export const modules = {

/***/ 6778:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  q: () => (/* binding */ DEFAULT_KUBERNETES_VERSION),
  Z: () => (/* binding */ KubeScore)
});

// EXTERNAL MODULE: ./lib/exec.ts
var exec = __webpack_require__(3361);
// EXTERNAL MODULE: ./lib/runtime/errors.ts
var errors = __webpack_require__(5862);
// EXTERNAL MODULE: ./lib/runtime/secrets.ts
var secrets = __webpack_require__(5556);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./lib/findings/fingerprint.ts

/**
 * A stable fingerprint: the same finding in the next run (same tool, rule,
 * target, package and place) gets the same value, so code scanning tracks it
 * instead of opening a new alert. Line numbers are left out on purpose where
 * a better anchor exists, since unrelated edits move them.
 */
function fingerprint(parts) {
    // One update of the joined parts: the same bytes as one update per part, and much faster on large reports.
    return (0,external_node_crypto_.createHash)('sha256')
        .update(parts.map((part) => `${part ?? ''}\u0000`).join(''))
        .digest('hex')
        .slice(0, 32);
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./lib/k8s/manifest-positions.ts

/** Where the pod spec is, by kind; other kinds are tried in the same order. */
const POD_SPEC_PATHS = [
    ['spec', 'jobTemplate', 'spec', 'template', 'spec'], // CronJob
    ['spec', 'template', 'spec'], // Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, ReplicationController
    ['spec'], // Pod
];
/** Every object of every document in `text`, in file order. A YAML error loses only the document it breaks. */
function locateManifestObjects(text) {
    const lineCounter = new dist/* LineCounter */.HN();
    const docs = (0,dist/* parseAllDocuments */.hR)(text, { lineCounter });
    const line = (offset) => lineCounter.linePos(offset).line;
    const objects = [];
    docs.forEach((doc, index) => {
        const root = doc.contents;
        // A document YAML cannot read has no reliable positions (and no scanner reads it either).
        if (!(0,dist/* isMap */.jh)(root) || doc.errors.length > 0)
            return;
        const items = stringAt(root, ['kind']) === 'List' ? root.get('items', true) : undefined;
        if ((0,dist/* isSeq */.oP)(items)) {
            for (const item of items.items)
                if ((0,dist/* isMap */.jh)(item))
                    objects.push(describe(item, index, line));
            return;
        }
        objects.push(describe(root, index, line));
    });
    return objects;
}
function describe(obj, document, line) {
    const range = obj.range ?? [0, 0, 0];
    const spec = podSpec(obj);
    return {
        document,
        ...optional('apiVersion', stringAt(obj, ['apiVersion'])),
        ...optional('kind', stringAt(obj, ['kind'])),
        ...optional('name', stringAt(obj, ['metadata', 'name'])),
        ...optional('namespace', stringAt(obj, ['metadata', 'namespace'])),
        line: line(range[0]),
        endLine: line(Math.max(range[0], range[1] - 1)),
        containers: spec ? containersOf(spec, 'containers', line) : [],
        initContainers: spec ? containersOf(spec, 'initContainers', line) : [],
    };
}
function podSpec(obj) {
    for (const keys of POD_SPEC_PATHS) {
        const node = obj.getIn([...keys], true);
        if ((0,dist/* isMap */.jh)(node) && (node.has('containers') || node.has('initContainers')))
            return node;
    }
    return undefined;
}
function containersOf(spec, key, line) {
    const list = spec.get(key, true);
    if (!(0,dist/* isSeq */.oP)(list))
        return [];
    const found = [];
    for (const item of list.items) {
        if (!(0,dist/* isMap */.jh)(item))
            continue;
        const name = scalarPair(item, 'name');
        if (!name)
            continue;
        const image = scalarPair(item, 'image');
        found.push({
            name: name.value,
            line: line(name.keyOffset),
            ...(image ? { image: image.value, imageLine: line(image.keyOffset) } : {}),
        });
    }
    return found;
}
/** A scalar value of `key` in map, with the offset of the key itself. */
function scalarPair(map, key) {
    for (const pair of map.items) {
        const k = pair.key;
        if (!(0,dist/* isScalar */.jn)(k) || k.value !== key)
            continue;
        const v = pair.value;
        if (!(0,dist/* isScalar */.jn)(v) || v.value === null || v.value === undefined)
            return undefined;
        return { value: String(v.value), keyOffset: k.range?.[0] ?? 0 };
    }
    return undefined;
}
function stringAt(map, keys) {
    const value = map.getIn([...keys]);
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number' || typeof value === 'boolean')
        return String(value);
    return undefined;
}
function optional(key, value) {
    return (value === undefined ? {} : { [key]: value });
}

;// CONCATENATED MODULE: ./lib/cli/kube-score-report.ts



/*
 * Parser of kube-score's JSON report (`kube-score score --output-format json`,
 * output version v2, the default): a top-level array of scored objects, each
 * with its checks, their grade and comments, and the file and row kube-score
 * read the object from. `null` is what kube-score prints when the input held
 * no object it scores. Anything else is refused: a report that cannot be read
 * must never turn into "zero findings".
 *
 * One finding per comment of a failing check (a failing check without
 * comments is one finding). Grades: 1 critical -> high, 5 warning -> medium,
 * 7 almost OK -> low; 10 (all OK) and skipped checks (among them those a
 * `kube-score/ignore` annotation turned off) are not findings.
 *
 * Positions: kube-score's `file_row` is 1-based and points at the first line
 * of the object's YAML document (the line after its `---`, which may be a
 * comment); for Helm output (`# Source:` first line) it names the chart
 * template and row 1. So when the manifest text is available, the object is
 * found in it by kind, namespace and name, and a finding points at the
 * object's first key, or at the `name:` line of the container (or init
 * container) its comment names. Without the text, `file_row` is used as is.
 */
/** kube-score's documentation of every check (there is one page; checks have no anchors). */
const KUBE_SCORE_CHECKS_DOC = 'https://github.com/zegl/kube-score/blob/master/README_CHECKS.md';
const GRADE_CRITICAL = 1;
const GRADE_WARNING = 5;
const GRADE_ALL_OK = 10;
function parseKubeScoreReport(text, options = {}) {
    let doc;
    if (typeof text === 'string') {
        if (text.trim() === '')
            throw new errors/* OperationError */.OK('the kube-score report is empty');
        try {
            doc = JSON.parse(text);
        }
        catch (error) {
            throw new errors/* OperationError */.OK(`the kube-score report is not valid JSON: ${error.message}`);
        }
    }
    else {
        doc = text;
    }
    if (doc === null)
        return { objects: 0, findings: [] };
    if (!Array.isArray(doc))
        throw new errors/* OperationError */.OK(notAReport(doc));
    const located = new Map();
    const positionsOf = (source) => {
        let positions = located.get(source);
        if (!positions) {
            positions = source.text === undefined ? [] : locateManifestObjects(source.text);
            located.set(source, positions);
        }
        return positions;
    };
    const findings = [];
    const seen = new Map();
    doc.forEach((raw, index) => {
        if (!isObject(raw))
            throw new errors/* OperationError */.OK(`the kube-score report's item ${index} is not an object`);
        const object = readObject(raw, index);
        const source = object.fileName ? options.source?.(object.fileName) : undefined;
        const position = source ? findObject(positionsOf(source), object, source.text) : undefined;
        for (const check of object.checks) {
            for (const f of checkFindings(object, check, source, position)) {
                // The same comment twice on one object keeps distinct fingerprints.
                const n = seen.get(f.fingerprint) ?? 0;
                seen.set(f.fingerprint, n + 1);
                findings.push(n === 0 ? f : { ...f, fingerprint: fingerprint([f.fingerprint, n]) });
            }
        }
    });
    return { objects: doc.length, findings };
}
function readObject(raw, index) {
    const typeMeta = isObject(raw['type_meta']) ? raw['type_meta'] : {};
    const objectMeta = isObject(raw['object_meta']) ? raw['object_meta'] : {};
    const kind = str(typeMeta['kind']);
    const name = str(objectMeta['name']) ?? str(objectMeta['generateName']) ?? '';
    if (!kind || raw['checks'] === undefined) {
        throw new errors/* OperationError */.OK(`the kube-score report's item ${index} has no type_meta.kind or no checks: is it kube-score JSON output version v2?`);
    }
    const where = `${kind} ${name}`;
    const checks = list(raw['checks'], `${where}: checks`).map((c, i) => readCheck(c, `${where}: checks[${i}]`));
    const row = raw['file_row'];
    return {
        ...(str(typeMeta['apiVersion']) ? { apiVersion: str(typeMeta['apiVersion']) } : {}),
        kind,
        name,
        ...(str(objectMeta['namespace']) ? { namespace: str(objectMeta['namespace']) } : {}),
        ...(str(raw['file_name']) ? { fileName: str(raw['file_name']) } : {}),
        ...(typeof row === 'number' && Number.isInteger(row) && row > 0 ? { fileRow: row } : {}),
        checks,
    };
}
function readCheck(raw, where) {
    if (!isObject(raw) || !isObject(raw['check']))
        throw new errors/* OperationError */.OK(`the kube-score report's ${where} is not a check`);
    const check = raw['check'];
    const id = str(check['id']);
    const grade = raw['grade'];
    if (!id)
        throw new errors/* OperationError */.OK(`the kube-score report's ${where} has no check id`);
    if (typeof grade !== 'number' || !Number.isFinite(grade)) {
        throw new errors/* OperationError */.OK(`the kube-score report's ${where} (${id}) has no numeric grade`);
    }
    return {
        id,
        name: str(check['name']) ?? id,
        ...(str(check['comment']) ? { comment: str(check['comment']) } : {}),
        grade,
        skipped: raw['skipped'] === true,
        comments: list(raw['comments'], `${where}.comments`)
            .filter(isObject)
            .map((c) => ({
            ...(str(c['path']) ? { path: str(c['path']) } : {}),
            ...(str(c['summary']) ? { summary: str(c['summary']) } : {}),
            ...(str(c['description']) ? { description: str(c['description']) } : {}),
            ...(str(c['documentation_url']) ? { documentationUrl: str(c['documentation_url']) } : {}),
        })),
    };
}
function severityOf(grade) {
    if (grade >= GRADE_ALL_OK)
        return undefined;
    if (grade <= GRADE_CRITICAL)
        return 'high';
    if (grade <= GRADE_WARNING)
        return 'medium';
    return 'low';
}
function checkFindings(object, check, source, position) {
    const severity = severityOf(check.grade);
    if (check.skipped || !severity)
        return [];
    const comments = check.comments.length ? [...check.comments] : [{}];
    return comments.map((comment) => {
        const summary = comment.summary ?? check.name;
        const container = position ? containerOf(position, comment) : undefined;
        const line = container?.line ?? position?.line ?? object.fileRow;
        const pointsIntoFile = source?.file !== undefined && (!source.guessed || position !== undefined);
        const location = {
            ...(pointsIntoFile ? { file: source.file } : {}),
            ...(line ? { startLine: line } : {}),
        };
        const ref = `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name}`;
        const subject = container
            ? `, ${container.init ? 'init container' : 'container'} ${container.name}`
            : comment.path
                ? `, ${comment.path}`
                : '';
        return {
            tool: 'kube-score',
            kind: 'manifest',
            ruleId: check.id,
            severity,
            title: `${summary} (${ref}${subject})`,
            ruleTitle: check.name,
            description: [check.comment ?? check.name, comment.description].filter(Boolean).join('\n\n'),
            remediation: comment.description ?? summary,
            helpUri: comment.documentationUrl ?? KUBE_SCORE_CHECKS_DOC,
            target: pointsIntoFile ? source.file : source && !source.guessed ? source.label : (object.fileName ?? ref),
            location,
            // No line numbers: unrelated edits move them. The object, container and message anchor the finding.
            fingerprint: fingerprint([
                'kube-score',
                check.id,
                object.kind,
                object.namespace,
                object.name,
                container?.name ?? comment.path,
                summary,
            ]),
        };
    });
}
/** The container a comment is about: kube-score names it in `path`, some checks only in the summary. */
function containerOf(position, comment) {
    const all = [
        ...position.containers.map((c) => ({ ...c, init: false })),
        ...position.initContainers.map((c) => ({ ...c, init: true })),
    ];
    if (comment.path) {
        const byPath = all.find((c) => c.name === comment.path);
        if (byPath)
            return { name: byPath.name, line: byPath.line, init: byPath.init };
        return undefined;
    }
    const summary = comment.summary ?? '';
    const named = all.filter((c) => [`"${c.name}"`, `'${c.name}'`, `(${c.name})`, `container ${c.name}`].some((form) => summary.includes(form)));
    const only = named.length === 1 ? named[0] : undefined;
    return only ? { name: only.name, line: only.line, init: only.init } : undefined;
}
/**
 * The object in its file: by kind, namespace and name (and apiVersion when
 * both have it); among duplicates, the one whose document starts at
 * kube-score's row.
 */
function findObject(positions, object, text) {
    const candidates = positions.filter((p) => p.kind === object.kind &&
        (p.name ?? '') === object.name &&
        (p.namespace ?? '') === (object.namespace ?? '') &&
        (!p.apiVersion || !object.apiVersion || p.apiVersion === object.apiVersion));
    if (candidates.length <= 1 || object.fileRow === undefined || text === undefined)
        return candidates[0];
    const rows = kubeScoreRows(text);
    const rowOf = (p) => rows.filter((r) => r <= p.line).pop() ?? 1;
    return candidates.find((p) => rowOf(p) === object.fileRow) ?? candidates[0];
}
/**
 * The rows kube-score reports for the documents of a file: it splits on
 * `\n---\n` after dropping a leading `---\n`, and counts lines from 1.
 */
function kubeScoreRows(text) {
    let body = text.replace(/\r\n/g, '\n');
    let row = 1;
    if (body.startsWith('---\n')) {
        body = body.slice(4);
        row = 2;
    }
    const rows = [];
    for (const chunk of body.split('\n---\n')) {
        if (chunk.trim() !== '')
            rows.push(row);
        row += 2 + (chunk.match(/\n/g)?.length ?? 0);
    }
    return rows;
}
function notAReport(doc) {
    if (isObject(doc) && Array.isArray(doc['runs'])) {
        return 'the file is SARIF, not a kube-score JSON report: run kube-score with --output-format json';
    }
    if (isObject(doc) && Object.values(doc).some((v) => isObject(v) && 'TypeMeta' in v)) {
        return 'the kube-score report is JSON output version v1, which is not supported: run kube-score with --output-format json (output version v2, its default)';
    }
    return 'the file is not a kube-score JSON report: expected a list of scored objects';
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function str(value) {
    return typeof value === 'string' && value !== '' ? value : undefined;
}
function list(value, where) {
    if (value === undefined || value === null)
        return [];
    if (!Array.isArray(value))
        throw new errors/* OperationError */.OK(`the kube-score report's ${where} is not a list`);
    return value;
}

;// CONCATENATED MODULE: ./lib/cli/kube-score.ts




/**
 * The Kubernetes version kube-score checks against when the step does not say
 * (`kubernetes-version`). kube-score's own default is v1.18, long out of
 * support; v1.33 is a minor that upstream Kubernetes and AKS support at the
 * time of pinning kube-score 1.20. Move it on with the pinned kube-score.
 */
const DEFAULT_KUBERNETES_VERSION = 'v1.33';
/** Exit codes of `kube-score score`: 1 means a check is critical, not that the run failed. */
const SCORE_EXIT_CODES = [0, 1];
const STDERR_TAIL_LINES = 20;
/** The kube-score CLI: argv built as arrays, a memoised version, and the pure report parser. */
class KubeScore {
    binPath;
    run;
    versionPromise;
    constructor(binPath, run = exec/* exec */.m) {
        this.binPath = binPath;
        this.run = run;
    }
    static parseReport(text, options) {
        return parseKubeScoreReport(text, options);
    }
    /** The version kube-score reports (`development` for builds without release metadata). */
    version() {
        this.versionPromise ??= this.run(this.binPath, ['version'], { timeoutMs: 60_000, echoStdout: false }).then((r) => KubeScore.parseVersion(r.stdout));
        return this.versionPromise;
    }
    /** `kube-score version: 1.20.0, commit: …, built: …` -> `1.20.0`. */
    static parseVersion(stdout) {
        const match = /kube-score version:\s*v?([^\s,]+)/.exec(stdout);
        return match?.[1] ?? 'unknown';
    }
    /** kube-score parses `--kubernetes-version` as `vMAJOR.MINOR` and refuses a patch level. */
    static kubernetesVersionArg(version = DEFAULT_KUBERNETES_VERSION) {
        const match = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(version.trim());
        if (!match)
            throw new errors/* OperationError */.OK(`'${version}' is not a Kubernetes version such as v1.33`);
        return `v${match[1]}.${match[2]}`;
    }
    /** argv of the one run over every manifest: JSON (output version v2, kube-score's default) on stdout. */
    static scoreArgs(o) {
        return [
            'score',
            '--output-format',
            'json',
            '--kubernetes-version',
            KubeScore.kubernetesVersionArg(o.kubernetesVersion),
            ...(o.ignoreTests ?? []).flatMap((id) => ['--ignore-test', id]),
            ...(o.optionalTests ?? []).flatMap((id) => ['--enable-optional-test', id]),
            '--',
            ...o.files,
        ];
    }
    /**
     * Runs kube-score and returns its JSON report. Exit code 1 with a report is
     * a critical check; exit code 1 without one (kube-score could not read its
     * input) and any other code fail with the end of stderr.
     */
    async score(o) {
        if (o.files.length === 0)
            throw new errors/* OperationError */.OK('kube-score was given no manifest files');
        const result = await this.run(this.binPath, KubeScore.scoreArgs(o), {
            timeoutMs: o.timeoutMs,
            echoStdout: false,
            okExitCodes: SCORE_EXIT_CODES,
        });
        const out = result.stdout.trim();
        if (!(out.startsWith('[') || out === 'null')) {
            const tail = (0,secrets/* redactSecrets */.fp)(result.stderr).trimEnd().split(/\r?\n/).slice(-STDERR_TAIL_LINES).join('\n');
            throw new errors/* OperationError */.OK(`kube-score exited with code ${result.exitCode} without a JSON report${tail ? `; last lines of stderr:\n${tail}` : ''}`);
        }
        return result.stdout;
    }
}


/***/ }),

/***/ 1815:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  deployToAks: () => (/* binding */ deployToAks)
});

// UNUSED EXPORTS: DeployRefused

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var lib_core = __webpack_require__(6058);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./lib/exec.ts
var exec = __webpack_require__(3361);
// EXTERNAL MODULE: ./lib/runtime/errors.ts
var errors = __webpack_require__(5862);
// EXTERNAL MODULE: ./lib/tools/installer.ts + 2 modules
var installer = __webpack_require__(4130);
// EXTERNAL MODULE: ./lib/tools/manifest.ts
var manifest = __webpack_require__(8693);
;// CONCATENATED MODULE: ./lib/cli/kubectl.ts





/*
 * The kubectl CLI, as deploy-aks drives it: server-side apply, get, rollout
 * status and undo, events. Every argv is built as an array by a static
 * method (tested as such); every run names the kubeconfig and a cache
 * directory of its own, so nothing is read from or left in ~/.kube.
 *
 * Server-side apply runs with `--force-conflicts`: the deploy is the owner of
 * what the manifests say, so a field last set by hand (`kubectl edit`,
 * `kubectl scale`) or by an earlier client-side `kubectl apply` or
 * Azure/k8s-deploy is taken over instead of failing the deploy. Fields the
 * manifests leave out stay with their owners (leave `replicas` out when an
 * autoscaler scales the workload).
 */
const FIELD_MANAGER = 'devsecops-deploy-aks';
const KIND_RESOURCES = {
    Deployment: 'deployments.apps',
    StatefulSet: 'statefulsets.apps',
    DaemonSet: 'daemonsets.apps',
    ReplicaSet: 'replicasets.apps',
    ControllerRevision: 'controllerrevisions.apps',
    Job: 'jobs.batch',
    CronJob: 'cronjobs.batch',
    Pod: 'pods',
    Event: 'events',
};
const DEFAULT_TIMEOUT_MS = 120_000;
class Kubectl {
    binPath;
    connection;
    run;
    beforeRun;
    versionPromise;
    /**
     * @param beforeRun called before every run that reaches the cluster (refreshes an expiring token in the kubeconfig)
     */
    constructor(binPath, connection, run = exec/* exec */.m, beforeRun = async () => undefined) {
        this.binPath = binPath;
        this.connection = connection;
        this.run = run;
        this.beforeRun = beforeRun;
    }
    /** `deployments.apps/web`: a resource argument that cannot be mistaken for another group's kind. */
    static resource(kind, name) {
        const resource = KIND_RESOURCES[kind];
        if (!resource)
            throw new Error(`no resource name known for kind ${kind}`);
        return `${resource}/${name}`;
    }
    static connectionArgs(c) {
        return ['--kubeconfig', c.kubeconfig, ...(c.cacheDir ? ['--cache-dir', c.cacheDir] : [])];
    }
    static versionArgs() {
        return ['version', '--output', 'json'];
    }
    /** Client and server `gitVersion` from `kubectl version --output json`. */
    static parseVersion(stdout) {
        try {
            const doc = JSON.parse(stdout);
            const client = doc.clientVersion?.gitVersion;
            const server = doc.serverVersion?.gitVersion;
            return {
                ...(typeof client === 'string' ? { client } : {}),
                ...(typeof server === 'string' ? { server } : {}),
            };
        }
        catch {
            return {};
        }
    }
    static applyArgs(o) {
        return [
            'apply',
            '--server-side',
            '--field-manager',
            FIELD_MANAGER,
            '--force-conflicts',
            '--filename',
            o.file,
            '--output',
            'json',
            ...(o.namespace ? ['--namespace', o.namespace] : []),
            ...(o.dryRun ? ['--dry-run=server'] : []),
        ];
    }
    static getArgs(resources, o = {}) {
        return [
            'get',
            ...resources,
            '--output',
            'json',
            ...(o.namespace ? ['--namespace', o.namespace] : []),
            ...(o.ignoreNotFound ? ['--ignore-not-found'] : []),
            ...(o.labelSelector ? ['--selector', o.labelSelector] : []),
            ...(o.fieldSelector ? ['--field-selector', o.fieldSelector] : []),
            ...(o.sortBy ? ['--sort-by', o.sortBy] : []),
        ];
    }
    /** `kubectl rollout status`: waits (watching) until the rollout completes, fails, or the timeout passes. */
    static rolloutStatusArgs(resource, namespace, timeoutMs) {
        return [
            'rollout',
            'status',
            resource,
            '--namespace',
            namespace,
            '--watch=true',
            '--timeout',
            `${Math.max(1, Math.ceil(timeoutMs / 1000))}s`,
        ];
    }
    static rolloutUndoArgs(resource, namespace, toRevision) {
        return [
            'rollout',
            'undo',
            resource,
            '--namespace',
            namespace,
            ...(toRevision !== undefined ? ['--to-revision', String(toRevision)] : []),
        ];
    }
    /** The events about one object, oldest first. */
    static eventsArgs(namespace, involvedName) {
        return Kubectl.getArgs(['events'], {
            namespace,
            fieldSelector: `involvedObject.name=${involvedName}`,
            sortBy: '.lastTimestamp',
        });
    }
    /** The objects in `--output json` output: one object, a `List`, or nothing (`--ignore-not-found`). */
    static parseObjects(stdout) {
        const text = stdout.trim();
        if (text === '')
            return [];
        let doc;
        try {
            doc = JSON.parse(text);
        }
        catch {
            throw new errors/* OperationError */.OK(`kubectl printed something that is not JSON: ${text.slice(0, 200)}`);
        }
        if (!doc || typeof doc !== 'object')
            return [];
        const object = doc;
        if (Array.isArray(object.items) && (object.kind === 'List' || object.kind?.endsWith('List'))) {
            return object.items.filter((i) => !!i && typeof i === 'object');
        }
        return [object];
    }
    /** Client and server versions; the server's tells which cluster version the deploy talks to. */
    version() {
        this.versionPromise ??= this.kubectl(Kubectl.versionArgs(), { timeoutMs: 60_000, quiet: true }).then((r) => Kubectl.parseVersion(r.stdout));
        return this.versionPromise;
    }
    /** Server-side apply of a file; the objects as the API server stored (or, in a dry run, would store) them. */
    async apply(o, timeoutMs = 5 * 60_000) {
        const r = await this.kubectl(Kubectl.applyArgs(o), { timeoutMs });
        return Kubectl.parseObjects(r.stdout);
    }
    async get(resources, o = {}, timeoutMs = DEFAULT_TIMEOUT_MS) {
        const r = await this.kubectl(Kubectl.getArgs(resources, o), { timeoutMs, quiet: true });
        return Kubectl.parseObjects(r.stdout);
    }
    async events(namespace, involvedName) {
        const r = await this.kubectl(Kubectl.eventsArgs(namespace, involvedName), {
            timeoutMs: DEFAULT_TIMEOUT_MS,
            quiet: true,
        });
        return Kubectl.parseObjects(r.stdout);
    }
    /** Waits for a rollout; a rollout that fails or times out is a result, not an exception. */
    async rolloutStatus(resource, namespace, timeoutMs) {
        try {
            // kubectl ends the wait itself at --timeout; the process gets a minute more before it is killed.
            const r = await this.kubectl(Kubectl.rolloutStatusArgs(resource, namespace, timeoutMs), {
                timeoutMs: timeoutMs + 60_000,
            });
            return { ok: true, message: lastLine(r.stdout) };
        }
        catch (error) {
            if (error instanceof exec/* ExecError */.c && !error.timedOut && error.exitCode !== undefined) {
                return { ok: false, message: lastLine(error.stderrTail) || error.message };
            }
            throw error;
        }
    }
    async rolloutUndo(resource, namespace, toRevision) {
        const r = await this.kubectl(Kubectl.rolloutUndoArgs(resource, namespace, toRevision), {
            timeoutMs: DEFAULT_TIMEOUT_MS,
        });
        return lastLine(r.stdout);
    }
    async kubectl(args, o) {
        await this.beforeRun();
        return this.run(this.binPath, [...Kubectl.connectionArgs(this.connection), ...args], {
            timeoutMs: o.timeoutMs,
            echoStdout: args[0] === 'rollout',
            echoStderr: !o.quiet,
        });
    }
}
function lastLine(text) {
    const lines = text
        .trim()
        .split(/\r?\n/)
        .filter((l) => l.trim() !== '');
    return (lines.at(-1) ?? '').replace(/^error:\s*/, '');
}
/**
 * The kubectl to run: the pinned one (or `kubectl-version` with its sha256)
 * installed and verified by the tool installer when a version is chosen or
 * none is on PATH; otherwise the one on PATH.
 */
async function locateKubectl(choice, mirror) {
    if (!choice.version) {
        const { which } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 8701));
        const onPath = await which('kubectl', false);
        if (onPath)
            return { path: onPath, label: `kubectl on PATH (${onPath})` };
        lib_core/* info */.pq('kubectl is not on PATH: installing the pinned kubectl');
    }
    const installed = await new installer/* ToolInstaller */.b(manifest/* TOOL_MANIFEST */.x).install({
        tool: 'kubectl',
        ...(choice.version ? { version: choice.version } : {}),
        ...(choice.sha256 ? { sha256: choice.sha256 } : {}),
        ...(mirror ? { mirror } : {}),
        addToPath: false,
    });
    return { path: installed.path, label: `kubectl ${installed.version}` };
}

// EXTERNAL MODULE: ./lib/cli/kube-score.ts + 3 modules
var kube_score = __webpack_require__(6778);
// EXTERNAL MODULE: ./lib/oci/reference.ts
var reference = __webpack_require__(4697);
;// CONCATENATED MODULE: ./lib/azure/cloud-endpoints.ts


const CLOUD_ENDPOINTS = {
    AzureCloud: { authorityHost: 'https://login.microsoftonline.com', resourceManager: 'https://management.azure.com' },
    AzureUSGovernment: {
        authorityHost: 'https://login.microsoftonline.us',
        resourceManager: 'https://management.usgovcloudapi.net',
    },
    AzureChinaCloud: {
        authorityHost: 'https://login.chinacloudapi.cn',
        resourceManager: 'https://management.chinacloudapi.cn',
    },
};
/**
 * The Entra ID audience of Azure Container Registry tokens, the same in every
 * cloud. A token for it is good only for registries (least privilege) and is
 * accepted even where a registry refuses ARM-audience tokens.
 */
const ACR_SCOPE = 'https://containerregistry.azure.net/.default';
const KNOWN_AUTHORITY_HOSTS = new Set(Object.values(CLOUD_ENDPOINTS).map((e) => e.authorityHost));
/** The endpoints of a cloud, with the environment's overrides applied. */
function resolveAzureEndpoints(cloud, env = process.env) {
    const defaults = CLOUD_ENDPOINTS[cloud];
    const overriddenBy = [];
    const authorityOverride = env['AZURE_AUTHORITY_HOST']?.trim();
    const armOverride = env['AZURE_RESOURCE_MANAGER_ENDPOINT']?.trim();
    let authorityHost = defaults.authorityHost;
    if (authorityOverride) {
        // MSAL refuses an authority that is not https, so plain http is refused here, with the variable's name.
        authorityHost = endpointFromEnv('AZURE_AUTHORITY_HOST', authorityOverride, false);
        overriddenBy.push('AZURE_AUTHORITY_HOST');
    }
    let resourceManager = defaults.resourceManager;
    if (armOverride) {
        resourceManager = endpointFromEnv('AZURE_RESOURCE_MANAGER_ENDPOINT', armOverride, true);
        overriddenBy.push('AZURE_RESOURCE_MANAGER_ENDPOINT');
    }
    return {
        cloud,
        authorityHost,
        resourceManager,
        resourceManagerScope: `${resourceManager}/.default`,
        disableInstanceDiscovery: !KNOWN_AUTHORITY_HOSTS.has(authorityHost),
        overriddenBy,
    };
}
/** An https origin from an environment variable (http only on loopback when allowed), without a trailing slash. */
function endpointFromEnv(name, value, httpOnLoopback) {
    const allowed = httpOnLoopback ? 'an https:// URL (http:// only on loopback)' : 'an https:// URL';
    let url;
    try {
        url = new URL(value);
    }
    catch {
        throw new errors/* ConfigurationError */.j1(`environment variable ${name} must be ${allowed}; got '${value}'`);
    }
    const plainHttpAllowed = httpOnLoopback && url.protocol === 'http:' && (0,reference/* isLoopbackHost */.cW)(url.host);
    if ((url.protocol !== 'https:' && !plainHttpAllowed) || url.username || url.password || url.search || url.hash) {
        throw new errors/* ConfigurationError */.j1(`environment variable ${name} must be ${allowed}; got '${value}'`);
    }
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/proxy.js
var lib_proxy = __webpack_require__(9783);
// EXTERNAL MODULE: ./lib/runtime/secrets.ts
var secrets = __webpack_require__(5556);
;// CONCATENATED MODULE: ./lib/runtime/proxy-fetch.ts


const dispatchers = new Map();
/**
 * fetch that goes through the proxy the runner is configured with
 * (HTTPS_PROXY / HTTP_PROXY, NO_PROXY, lower-case too; loopback never), by the
 * same rules as the tool downloads of @actions/http-client. Node's own fetch
 * ignores these variables, so on a self-hosted runner behind a proxy the
 * registry and GitHub API calls would fail without it. undici is loaded
 * only when a proxy applies: runs without one start no slower.
 */
const proxyAwareFetch = async (url, init) => {
    const proxy = (0,lib_proxy/* getProxyUrl */.s)(new URL(url));
    if (!proxy)
        return fetch(url, init);
    const [{ fetch: undiciFetch }, dispatcher] = await Promise.all([Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 6752, 19)), proxyDispatcher(proxy)]);
    // undici's fetch with its own dispatcher: Node's built-in fetch may be another undici version.
    return (await undiciFetch(url, { ...init, dispatcher }));
};
function proxyDispatcher(proxy) {
    const key = proxy.href;
    let made = dispatchers.get(key);
    if (!made) {
        made = (async () => {
            const { ProxyAgent } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 6752, 19));
            const username = decodeURIComponent(proxy.username);
            const password = decodeURIComponent(proxy.password);
            // A proxy password must not reach a log through an error message that quotes the proxy.
            (0,secrets/* registerSecret */.cl)(password || undefined);
            const bare = new URL(proxy.href);
            bare.username = '';
            bare.password = '';
            return new ProxyAgent({
                uri: bare.href,
                ...(username || password
                    ? { token: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` }
                    : {}),
            });
        })();
        dispatchers.set(key, made);
    }
    return made;
}

;// CONCATENATED MODULE: ./lib/azure/jwt-claims.ts
/**
 * The claims (payload) of a JWT, without checking its signature: used only to
 * explain a refusal (which `sub`, `aud` and `iss` GitHub issued), never to
 * trust anything. Undefined when the text is not a JWT with a JSON payload.
 */
function decodeJwtClaims(token) {
    const parts = token.split('.');
    if (parts.length !== 3 || !parts[1])
        return undefined;
    try {
        const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
        return claims !== null && typeof claims === 'object' && !Array.isArray(claims)
            ? claims
            : undefined;
    }
    catch {
        return undefined;
    }
}
/** A claim as a string (GitHub sends ids as strings, some issuers as numbers), or undefined. */
function stringClaim(claims, name) {
    const value = claims?.[name];
    if (typeof value === 'string' && value !== '')
        return value;
    if (typeof value === 'number' && Number.isFinite(value))
        return String(value);
    return undefined;
}

;// CONCATENATED MODULE: ./lib/azure/federated-subjects.ts

/** The run as the ID token's claims describe it, with the runner's environment filling the gaps. */
function runIdentityFrom(claims, env = process.env) {
    const fromEnv = (name) => env[name]?.trim() || undefined;
    const identity = {
        repository: stringClaim(claims, 'repository') ?? fromEnv('GITHUB_REPOSITORY'),
        ownerId: stringClaim(claims, 'repository_owner_id') ?? fromEnv('GITHUB_REPOSITORY_OWNER_ID'),
        repositoryId: stringClaim(claims, 'repository_id') ?? fromEnv('GITHUB_REPOSITORY_ID'),
        ref: stringClaim(claims, 'ref') ?? fromEnv('GITHUB_REF'),
        environment: stringClaim(claims, 'environment'),
        eventName: stringClaim(claims, 'event_name') ?? fromEnv('GITHUB_EVENT_NAME'),
    };
    return Object.fromEntries(Object.entries(identity).filter(([, v]) => v !== undefined));
}
/**
 * The federated-credential subjects that match this run, the one GitHub
 * sends by default first (environment, then pull request, then the ref),
 * each followed by its immutable form when the IDs are known; the subject
 * that was sent (when given and among them) is put first of all.
 */
function federatedSubjects(run, sentSubject) {
    const repository = run.repository;
    if (!repository || !/^[^/\s]+\/[^/\s]+$/.test(repository))
        return [];
    const [owner, name] = repository.split('/');
    const prefixes = [{ prefix: `repo:${repository}`, immutable: false }];
    if (run.ownerId && run.repositoryId) {
        prefixes.push({ prefix: `repo:${owner}@${run.ownerId}/${name}@${run.repositoryId}`, immutable: true });
    }
    const kinds = [];
    if (run.environment) {
        kinds.push({
            kind: 'environment',
            suffix: `environment:${run.environment}`,
            description: `environment ${run.environment}`,
        });
    }
    if (run.eventName === 'pull_request') {
        kinds.push({ kind: 'pull-request', suffix: 'pull_request', description: 'pull requests' });
    }
    const branch = run.ref?.startsWith('refs/heads/') ? run.ref.slice('refs/heads/'.length) : undefined;
    const tag = run.ref?.startsWith('refs/tags/') ? run.ref.slice('refs/tags/'.length) : undefined;
    if (branch)
        kinds.push({ kind: 'branch', suffix: `ref:${run.ref}`, description: `branch ${branch}` });
    if (tag)
        kinds.push({ kind: 'tag', suffix: `ref:${run.ref}`, description: `tag ${tag}` });
    const suggestions = kinds.flatMap(({ kind, suffix, description }) => prefixes.map(({ prefix, immutable }) => {
        const subject = `${prefix}:${suffix}`;
        return {
            subject,
            kind,
            immutable,
            description: immutable ? `${description}, immutable owner and repository IDs` : description,
            sent: subject === sentSubject,
        };
    }));
    // A stable sort: the sent subject first, the rest in order.
    return [...suggestions.filter((s) => s.sent), ...suggestions.filter((s) => !s.sent)];
}

;// CONCATENATED MODULE: ./lib/azure/entra-errors.ts


/** AADSTS codes of a refused client assertion, where the token's sub, aud and iss explain the refusal. */
const ASSERTION_REJECTED = new Set([
    '70021', // No matching federated identity record found for presented assertion.
    '70025', // The client has no configured federated identity credentials.
    '700024', // Client assertion is not within its valid time range.
    '700027', // Client assertion failed signature validation.
    '700211', // No matching federated identity record found for presented assertion issuer.
    '700212', // No matching federated identity record found for presented assertion audience.
    '700213', // No matching federated identity record found for presented assertion subject.
]);
const UNKNOWN_APPLICATION = new Set(['700016']);
const UNKNOWN_TENANT = new Set(['90002', '900023', '90092']);
const APPLICATION_DISABLED = new Set(['7000112']);
const NETWORK = /endpoints_resolution_error|network_error|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|certificate|self[- ]signed|UNABLE_TO_VERIFY/i;
/** Classifies the message of an error thrown by @azure/identity (or Entra ID's error_description). */
function classifyEntraError(message) {
    const detail = (message.split(/\r?\n/).find((line) => line.trim() !== '') ?? message).trim();
    const aadsts = /AADSTS(\d+):\s*([\s\S]*?)(?=\s+Trace ID:|\s+-\s+(?:Correlation|Trace) ID:|$)/.exec(message);
    const traceId = /Trace ID:\s*([0-9a-f-]{36})/i.exec(message)?.[1];
    const correlationId = /Correlation ID:\s*([0-9a-f-]{36})/i.exec(message)?.[1];
    const ids = { ...(traceId ? { traceId } : {}), ...(correlationId ? { correlationId } : {}) };
    if (!aadsts) {
        return { kind: NETWORK.test(message) ? 'unreachable' : 'other', detail, ...ids };
    }
    const number = aadsts[1];
    const description = firstSentence(aadsts[2] ?? '');
    const kind = ASSERTION_REJECTED.has(number)
        ? 'assertion-rejected'
        : UNKNOWN_APPLICATION.has(number)
            ? 'unknown-application'
            : UNKNOWN_TENANT.has(number)
                ? 'unknown-tenant'
                : APPLICATION_DISABLED.has(number)
                    ? 'application-disabled'
                    : 'other';
    return { kind, code: `AADSTS${number}`, description, detail, ...ids };
}
function firstSentence(text) {
    const oneLine = text.replace(/\s+/g, ' ').trim();
    // A sentence ends at a full stop followed by a space and a capital (URLs and quoted names have dots too).
    const end = /\.(?=\s+[A-Z])/.exec(oneLine);
    return end ? oneLine.slice(0, end.index + 1) : oneLine;
}
/** The message for a refused login: one line, or for a refused assertion the lines that explain it. */
function explainEntraError(info, context) {
    const names = {
        clientId: 'client-id',
        tenantId: 'tenant-id',
        cloud: 'cloud',
        audience: 'audience',
        ...context.inputNames,
    };
    const app = `application '${context.clientId}' in tenant '${context.tenantId}'`;
    const said = info.code ? `${info.code}: ${info.description ?? ''}`.trim() : info.detail;
    const ids = traceLine(info);
    switch (info.kind) {
        case 'unknown-application':
            return `Entra ID has no application with client ID '${context.clientId}' in tenant '${context.tenantId}' (${info.code}): check input '${names.clientId}' (the Application (client) ID of the app registration or user-assigned managed identity, not its object ID) and that it belongs to tenant '${context.tenantId}'${ids ? ` ${ids}` : ''}`;
        case 'unknown-tenant':
            return `Entra ID at ${context.authorityHost} has no tenant '${context.tenantId}' (${info.code}): check input '${names.tenantId}' and that input '${names.cloud}' (${context.cloud}) is the tenant's cloud${ids ? ` ${ids}` : ''}`;
        case 'application-disabled':
            return `Entra ID refused the login: ${app} is disabled (${info.code})${ids ? ` ${ids}` : ''}`;
        case 'unreachable':
            return `could not reach Entra ID at ${context.authorityHost} for tenant '${context.tenantId}': ${said}`;
        case 'other':
            return `Entra ID refused the token request of ${app}: ${said}${ids ? ` ${ids}` : ''}`;
        case 'assertion-rejected':
            return explainRejectedAssertion(info, context, names.audience);
    }
}
function traceLine(info) {
    const parts = [
        ...(info.traceId ? [`trace ID ${info.traceId}`] : []),
        ...(info.correlationId ? [`correlation ID ${info.correlationId}`] : []),
    ];
    return parts.length ? `(${parts.join(', ')})` : '';
}
function explainRejectedAssertion(info, context, audienceInput) {
    const claims = context.claims;
    const sub = stringClaim(claims, 'sub');
    const aud = stringClaim(claims, 'aud') ??
        (Array.isArray(claims?.['aud']) ? claims['aud'].join(', ') : undefined);
    const iss = stringClaim(claims, 'iss');
    const lines = [
        `Entra ID refused the GitHub ID token of this job for application '${context.clientId}' in tenant '${context.tenantId}': ${info.code}: ${info.description ?? ''}`.trim(),
    ];
    if (claims) {
        lines.push(`The token GitHub issued has sub '${sub ?? '(none)'}', aud '${aud ?? '(none)'}', iss '${iss ?? '(none)'}'.`);
    }
    else {
        lines.push('The claims of the token GitHub issued could not be read.');
    }
    switch (info.code) {
        case 'AADSTS700024':
            lines.push("The token was outside its valid time range when Entra ID checked it: check the runner's clock.");
            break;
        case 'AADSTS700212':
            lines.push(`The federated credential's audience must be '${aud ?? context.audience}' (input '${audienceInput}').`);
            break;
        case 'AADSTS700211':
        case 'AADSTS700027':
            lines.push(`The federated credential's issuer must be '${iss ?? 'https://token.actions.githubusercontent.com'}'.`);
            break;
        case 'AADSTS70025':
            lines.push('The application has no federated credentials yet.');
            break;
    }
    const run = runIdentityFrom(claims, context.env ?? process.env);
    const subjects = federatedSubjects(run, sub);
    const issuer = iss ?? 'https://token.actions.githubusercontent.com';
    const audience = aud ?? context.audience;
    if (subjects.length) {
        lines.push(`A federated credential of the application with issuer '${issuer}', audience '${audience}' and one of these subjects matches this run:`);
        for (const s of subjects)
            lines.push(`  ${s.subject}  (${s.description}${s.sent ? '; the sub GitHub sent' : ''})`);
    }
    if (sub && !subjects.some((s) => s.sent)) {
        lines.push(`GitHub sent the subject '${sub}' (a customised subject template): the credential's subject must be exactly that.`);
    }
    if (!run.environment && run.repository) {
        lines.push(`A job that sets 'environment: NAME' is sent 'repo:${run.repository}:environment:NAME' instead.`);
    }
    const ids = traceLine(info);
    if (ids)
        lines.push(`Entra ID ${ids}`);
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./lib/azure/github-id-token.ts



/*
 * GitHub's OpenID Connect ID token for the job: the client assertion that
 * Entra ID exchanges for an access token through a federated credential.
 * The runner hands the job a request URL only when the workflow grants
 * `id-token: write`.
 */
/** The one line a job without the permission fails with. */
const MISSING_ID_TOKEN_PERMISSION = "the job lacks 'permissions: id-token: write', so GitHub gives it no ID token (ACTIONS_ID_TOKEN_REQUEST_URL is not set); add 'id-token: write' to the permissions of the job or workflow (pull requests from forks never get one)";
/** Fails with a ConfigurationError when the job cannot request an ID token at all. */
function assertIdTokenAvailable(env = process.env) {
    if (!env['ACTIONS_ID_TOKEN_REQUEST_URL'] || !env['ACTIONS_ID_TOKEN_REQUEST_TOKEN']) {
        throw new errors/* ConfigurationError */.j1(MISSING_ID_TOKEN_PERMISSION);
    }
}
/** A fresh GitHub ID token for audience, registered as a secret before it is returned. */
async function requestGitHubIdToken(audience) {
    assertIdTokenAvailable();
    let token;
    try {
        token = await lib_core/* getIDToken */.V9(audience);
    }
    catch (error) {
        const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
        throw new errors/* OperationError */.OK(`GitHub did not issue an ID token for audience '${audience}': ${message}`);
    }
    (0,secrets/* registerSecret */.cl)(token);
    return token;
}

;// CONCATENATED MODULE: ./lib/azure/entra-credential.ts






/** A refused login, explained; `info` says why, `claims` are those of the GitHub ID token presented. */
class EntraLoginError extends errors/* OperationError */.OK {
    info;
    claims;
    name = 'EntraLoginError';
    constructor(message, info, claims) {
        super(message);
        this.info = info;
        this.claims = claims;
    }
}
/** Access tokens are reused until five minutes before they expire, as MSAL does. */
const REFRESH_MARGIN_MS = 5 * 60_000;
class GitHubOidcCredential {
    login;
    credential;
    cache = new Map();
    queue = Promise.resolve();
    /** The ID token of the exchange under way: MSAL asks for the assertion more than once per request. */
    assertion;
    assertionError;
    lastIdToken;
    idTokens = 0;
    deps;
    constructor(login, deps = {}) {
        this.login = login;
        this.deps = {
            requestIdToken: deps.requestIdToken ?? requestGitHubIdToken,
            loadIdentity: deps.loadIdentity ?? (() => Promise.all(/* import() */[__webpack_require__.e(41), __webpack_require__.e(75)]).then(__webpack_require__.bind(__webpack_require__, 9456))),
            fetch: deps.fetch ?? ((input, init) => proxyAwareFetch(String(input), init ?? {})),
            env: deps.env ?? process.env,
        };
    }
    /** How many GitHub ID tokens were requested for exchanges (one per exchange with Entra ID). */
    get idTokensRequested() {
        return this.idTokens;
    }
    /** The claims of the last GitHub ID token presented to Entra ID (its `sub` is what matched). */
    get presentedClaims() {
        return this.lastIdToken ? decodeJwtClaims(this.lastIdToken) : undefined;
    }
    /**
     * An access token for one scope (`https://management.azure.com/.default`),
     * registered as a secret before it is returned. Requests run one at a time.
     */
    async getToken(scopes) {
        const list = typeof scopes === 'string' ? [scopes] : [...scopes];
        if (list.length !== 1 || !list[0])
            throw new Error('GitHubOidcCredential.getToken takes exactly one scope');
        const scope = list[0];
        const cached = this.cache.get(scope);
        if (cached && cached.expiresOnTimestamp - Date.now() > REFRESH_MARGIN_MS)
            return cached;
        const next = this.queue.then(() => this.exchange(scope));
        this.queue = next.catch(() => undefined);
        return next;
    }
    async exchange(scope) {
        const credential = await this.clientAssertionCredential();
        this.assertion = undefined;
        this.assertionError = undefined;
        let token;
        try {
            token = await credential.getToken(scope);
        }
        catch (error) {
            // A failure to get the GitHub ID token is reported as it is, not as Entra ID's.
            if (this.assertionError !== undefined)
                throw this.assertionError;
            throw await this.explain(error);
        }
        finally {
            this.assertion = undefined;
        }
        if (!token?.token)
            throw new errors/* OperationError */.OK(`Entra ID returned no access token for ${scope}`);
        (0,secrets/* registerSecret */.cl)(token.token);
        this.cache.set(scope, token);
        return token;
    }
    async clientAssertionCredential() {
        if (this.credential)
            return this.credential;
        const { ClientAssertionCredential } = await this.deps.loadIdentity();
        const { clientId, tenantId, endpoints } = this.login;
        this.credential = new ClientAssertionCredential(tenantId, clientId, () => this.currentAssertion(), {
            authorityHost: endpoints.authorityHost,
            disableInstanceDiscovery: endpoints.disableInstanceDiscovery,
        });
        return this.credential;
    }
    /** One fresh GitHub ID token per exchange, however often MSAL asks for it during that exchange. */
    currentAssertion() {
        this.assertion ??= (async () => {
            this.idTokens++;
            try {
                const token = await this.deps.requestIdToken(this.login.audience);
                this.lastIdToken = token;
                return token;
            }
            catch (error) {
                this.assertionError = error;
                throw error;
            }
        })();
        return this.assertion;
    }
    async explain(error) {
        const message = error instanceof Error ? error.message : String(error);
        let info = classifyEntraError(message);
        if (info.kind === 'unreachable' && !info.code)
            info = await this.diagnoseAuthority(info);
        const claims = this.presentedClaims;
        const context = {
            clientId: this.login.clientId,
            tenantId: this.login.tenantId,
            cloud: this.login.endpoints.cloud,
            authorityHost: this.login.endpoints.authorityHost,
            audience: this.login.audience,
            env: this.deps.env,
            ...(claims ? { claims } : {}),
            ...(this.login.inputNames ? { inputNames: this.login.inputNames } : {}),
        };
        return new EntraLoginError(explainEntraError(info, context), info, claims);
    }
    /**
     * MSAL reports only `endpoints_resolution_error` when it cannot read the
     * tenant's OpenID configuration; reading it again says why (an unknown
     * tenant, a TLS or network failure).
     */
    async diagnoseAuthority(info) {
        const url = `${this.login.endpoints.authorityHost}/${encodeURIComponent(this.login.tenantId)}/v2.0/.well-known/openid-configuration`;
        try {
            const response = await this.deps.fetch(url, { signal: AbortSignal.timeout(15_000) });
            const text = await response.text();
            if (response.ok)
                return info;
            let description = '';
            try {
                description = String(JSON.parse(text).error_description ?? '');
            }
            catch {
                // Not JSON: the status says enough.
            }
            if (/AADSTS\d+/.test(description))
                return classifyEntraError(description);
            return { ...info, detail: `GET ${url} answered HTTP ${response.status}` };
        }
        catch (error) {
            const err = error;
            const cause = err.cause?.message ?? err.cause?.code;
            return { ...info, detail: `GET ${url} failed: ${err.message}${cause ? ` (${cause})` : ''}` };
        }
    }
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./lib/findings/policy.ts




/*
 * The gate policy: `fail-on`, `only-fixed` and justified, expiring
 * exceptions, from the step's inputs and/or a policy file (default
 * `.github/devsecops.yml`). An input the step sets wins over the file; the
 * documented defaults (`high`, `false`) apply last.
 */
const THRESHOLDS = ['critical', 'high', 'medium', 'low', 'none'];
const DEFAULT_POLICY_FILE = '.github/devsecops.yml';
function thresholdSeverity(threshold) {
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
};
/** Reads and validates a policy file; every problem is a ConfigurationError naming the file and the key. */
async function loadPolicyFile(file, displayName = file) {
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`policy file ${displayName} cannot be read: ${error.code ?? String(error)}`);
    }
    const { parse } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 8815, 19));
    let doc;
    try {
        doc = parse(text, { prettyErrors: false }) ?? {};
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`policy file ${displayName} is not valid YAML: ${error.message.split('\n')[0]}`);
    }
    // ajv is CommonJS: its class is the named export under Node's ESM loader and the default export once bundled.
    const ajvModule = (await __webpack_require__.e(/* import() */ 463).then(__webpack_require__.t.bind(__webpack_require__, 2463, 23)));
    const AjvClass = ajvModule.Ajv ?? ajvModule.default;
    const ajv = new AjvClass({ allErrors: false, strict: true });
    const validate = ajv.compile(SCHEMA);
    if (!validate(doc)) {
        const error = validate.errors?.[0];
        throw new errors/* ConfigurationError */.j1(`policy file ${displayName}: ${describeSchemaError(error, doc)}`);
    }
    const policy = doc;
    policy.ignore?.forEach((entry, i) => {
        if (Number.isNaN(Date.parse(`${entry.expires}T00:00:00Z`)) || !isRealDate(entry.expires)) {
            throw new errors/* ConfigurationError */.j1(`policy file ${displayName}: 'ignore[${i}].expires' must be a date YYYY-MM-DD; got '${entry.expires}'`);
        }
    });
    return { file: displayName, ...policy, ignore: policy.ignore ?? [] };
}
function describeSchemaError(error, doc) {
    if (!error)
        return 'invalid';
    const key = error.instancePath
        .split('/')
        .slice(1)
        .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
        .join('')
        .replace(/^\./, '');
    const at = (extra) => (key ? `${key}.${extra}` : extra);
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
function allowedKeys(key) {
    return key.startsWith('ignore[') ? 'id, package, path, reason, expires' : 'fail-on, only-fixed, ignore';
}
function valueAt(doc, pointer) {
    let node = doc;
    for (const part of pointer.split('/').slice(1))
        node = node?.[part];
    return node;
}
function isRealDate(text) {
    const d = new Date(`${text}T00:00:00Z`);
    return d.toISOString().slice(0, 10) === text;
}
/**
 * The policy file to read: the `policy` input when set, else the default file
 * when it exists in the workspace. Returns the absolute path and a display name.
 */
function policyFilePath(input, workspace) {
    if (input)
        return { path: input, display: external_node_path_default().relative(workspace, input) || input };
    const fallback = external_node_path_default().join(workspace, DEFAULT_POLICY_FILE);
    return (0,external_node_fs_.existsSync)(fallback) ? { path: fallback, display: DEFAULT_POLICY_FILE } : undefined;
}
function resolvePolicy(inputs, file) {
    const failOn = inputs.failOn !== undefined
        ? [inputs.failOn, 'input']
        : file?.['fail-on'] !== undefined
            ? [file['fail-on'], 'policy file']
            : ['high', 'default'];
    const onlyFixed = inputs.onlyFixed !== undefined
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
async function loadPolicy(inputs, workspace) {
    const file = policyFilePath(inputs.policy, workspace);
    const loaded = file ? await loadPolicyFile(file.path, file.display) : undefined;
    return resolvePolicy({ failOn: inputs.failOn, onlyFixed: inputs.onlyFixed }, loaded);
}

// EXTERNAL MODULE: ./lib/k8s/image-rules.ts
var image_rules = __webpack_require__(2618);
;// CONCATENATED MODULE: ./lib/k8s/pod-templates.ts
/*
 * Where an object's pod spec is, and its containers. The workload kinds
 * have a known place; any other kind that keeps a pod template where the
 * workloads do (Argo Rollouts and Knative Services at `spec.template`, KEDA
 * ScaledJobs at `spec.jobTemplate.spec.template`) is read there too, so an
 * image cannot slip past the image checks by being in a custom resource.
 */
const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'];
const TEMPLATE_SPEC = ['spec', 'template', 'spec'];
const JOB_TEMPLATE_SPEC = ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
/** The pod spec of each workload kind. */
const POD_SPEC_PATHS = {
    Pod: ['spec'],
    Deployment: TEMPLATE_SPEC,
    StatefulSet: TEMPLATE_SPEC,
    DaemonSet: TEMPLATE_SPEC,
    ReplicaSet: TEMPLATE_SPEC,
    ReplicationController: TEMPLATE_SPEC,
    Job: TEMPLATE_SPEC,
    CronJob: JOB_TEMPLATE_SPEC,
    PodTemplate: ['template', 'spec'],
};
/** Where other kinds are looked at, in order. */
const OTHER_KINDS_PATHS = [TEMPLATE_SPEC, JOB_TEMPLATE_SPEC];
/** The path of an object's pod spec, or undefined when it has none. */
function podSpecPath(object) {
    const kind = typeof object['kind'] === 'string' ? object['kind'] : '';
    const known = POD_SPEC_PATHS[kind];
    if (known)
        return isRecord(pod_templates_valueAt(object, known)) ? known : undefined;
    return OTHER_KINDS_PATHS.find((p) => {
        const spec = pod_templates_valueAt(object, p);
        return isRecord(spec) && CONTAINER_LISTS.some((list) => Array.isArray(spec[list]));
    });
}
/** Every container, init container and ephemeral container of an object, init containers first. */
function containersOf(object) {
    const specPath = podSpecPath(object);
    if (!specPath)
        return [];
    const spec = pod_templates_valueAt(object, specPath);
    const refs = [];
    for (const list of CONTAINER_LISTS) {
        const items = spec[list];
        if (!Array.isArray(items))
            continue;
        items.forEach((container, index) => {
            if (!isRecord(container))
                return;
            refs.push({
                list,
                index,
                path: [...specPath, list, index],
                container,
                name: typeof container['name'] === 'string' ? container['name'] : `#${index + 1}`,
            });
        });
    }
    return refs;
}
/** `container`, `init container`, `ephemeral container`: for messages. */
function containerListLabel(list) {
    return list === 'initContainers'
        ? 'init container'
        : list === 'ephemeralContainers'
            ? 'ephemeral container'
            : 'container';
}
function pod_templates_valueAt(object, path) {
    let current = object;
    for (const key of path)
        current = isRecord(current) ? current[key] : undefined;
    return current;
}
function isRecord(value) {
    return !!value && typeof value === 'object' && !Array.isArray(value);
}

;// CONCATENATED MODULE: ./lib/k8s/image-policy.ts



/** Every image the policy refuses, in manifest order (an image refused for several reasons once per reason). */
function checkImagePolicy(images, policy) {
    if (!policy.requireDigest && policy.allowedRegistries.length === 0)
        return [];
    const refusals = [];
    for (const use of images) {
        const problem = use.image === '' ? 'the container has no image' : (0,reference/* imageReferenceProblem */.i$)(use.image);
        if (problem !== undefined) {
            refusals.push({ use, reason: 'invalid', detail: `is not a valid image reference (${problem})` });
            continue;
        }
        if (policy.requireDigest && (0,image_rules/* imageDigest */.Wf)(use.image) === undefined) {
            refusals.push({ use, reason: 'not-pinned', detail: 'is not pinned by digest' });
        }
        const registry = (0,image_rules/* imageRegistry */.bl)(use.image) ?? '';
        if (policy.allowedRegistries.length > 0 && !policy.allowedRegistries.includes(registry.toLowerCase())) {
            refusals.push({ use, reason: 'registry', detail: `comes from ${registry}, which is not an allowed registry` });
        }
    }
    return refusals;
}
/** `k8s/app.yaml:23: Deployment prod/web, init container 'migrate': 'nginx:1.27'`. */
function describeImageUse(use) {
    const object = use.namespace ? `${use.namespace}/${use.object}` : use.object;
    const image = use.image === '' ? '(no image)' : `'${use.image}'`;
    const substituted = use.rule !== undefined ? ` (substituted for '${use.original}')` : '';
    return `${use.source.label}:${use.line}: ${use.kind} ${object}, ${containerListLabel(use.list)} '${use.container}': ${image}${substituted}`;
}
/** One line naming every refused image and where it is, and what to do about it. */
function imageRefusalMessage(refusals, policy) {
    const parts = [];
    const group = (reason) => refusals.filter((r) => r.reason === reason);
    const list = (items) => items.map((r) => describeImageUse(r.use)).join('; ');
    const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
    const invalid = group('invalid');
    const unpinned = group('not-pinned');
    const foreign = group('registry');
    if (unpinned.length > 0) {
        parts.push(`${plural(unpinned.length, 'image is', 'images are')} not pinned by digest (require-digest): ${list(unpinned)}; pin them with the 'images' input (name=registry/repository@sha256:…) or in the manifests`);
    }
    if (foreign.length > 0) {
        parts.push(`${plural(foreign.length, 'image comes', 'images come')} from a registry outside allowed-registries (${policy.allowedRegistries.join(', ')}): ${foreign.map((r) => `${describeImageUse(r.use)} from ${(0,image_rules/* imageRegistry */.bl)(r.use.image) ?? '?'}`).join('; ')}`);
    }
    if (invalid.length > 0) {
        parts.push(`${plural(invalid.length, 'image is', 'images are')} not a valid image reference and cannot be checked: ${invalid.map((r) => `${describeImageUse(r.use)} ${r.detail}`).join('; ')}`);
    }
    return `deploy refused before contacting the cluster: ${parts.join('. ')}`;
}

// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(4006);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
// EXTERNAL MODULE: ./lib/runtime/inputs.ts
var inputs = __webpack_require__(8364);
;// CONCATENATED MODULE: ./lib/k8s/manifest-files.ts





const GLOB = /[*?[\]{}]/;
const MANIFEST = /\.ya?ml$/i;
/** Directories never walked when expanding a directory or a glob (VCS data, dependencies, hidden tool state). */
const SKIPPED_DIRS = new Set(['node_modules']);
const KUSTOMIZATION_FILES = (/* unused pure expression or super */ null && (['kustomization.yaml', 'kustomization.yml', 'Kustomization']));
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
            throw (0,errors/* invalidInput */.aY)(input, entry, 'manifest files, directories or globs inside the workspace that match at least one *.yaml or *.yml file');
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
            throw invalidInput(input, entry, `directories, not globs, with kube-score-render ${render}`);
        const resolved = resolveWorkspacePath(input, entry, { mustExist: true });
        const isDir = statSync(resolved).isDirectory();
        if (render === 'kustomize') {
            if (!isDir || !KUSTOMIZATION_FILES.some((f) => existsSync(path.join(resolved, f)))) {
                throw invalidInput(input, entry, 'directories holding a kustomization.yaml with kube-score-render kustomize');
            }
        }
        else if (isDir ? !existsSync(path.join(resolved, 'Chart.yaml')) : !/\.tgz$/i.test(resolved)) {
            throw invalidInput(input, entry, 'chart directories (holding Chart.yaml) or packaged charts (.tgz) with kube-score-render helm');
        }
        return resolved;
    });
}
function pathFiles(input, entry) {
    const resolved = (0,inputs/* resolveWorkspacePath */.XI)(input, entry, { mustExist: true });
    return (0,external_node_fs_.statSync)(resolved).isDirectory() ? walk(resolved, (rel) => MANIFEST.test(rel)) : [resolved];
}
function globFiles(input, entry) {
    const scan = picomatch_default().scan(entry);
    if (scan.negated)
        throw (0,errors/* invalidInput */.aY)(input, entry, 'manifest files, directories or globs (not negated globs)');
    const base = (0,inputs/* resolveWorkspacePath */.XI)(input, scan.base || '.');
    if (!(0,external_node_fs_.existsSync)(base) || !(0,external_node_fs_.statSync)(base).isDirectory())
        return [];
    const matches = picomatch_default()(scan.glob);
    return walk(base, (rel) => matches(rel));
}
/** Regular files below dir whose path relative to dir (with `/`) is wanted, sorted; links must stay in the workspace. */
function walk(dir, wanted) {
    const root = (0,external_node_fs_.realpathSync)((0,inputs/* workspaceDir */.zf)());
    const found = [];
    const visit = (current, relative) => {
        const entries = (0,external_node_fs_.readdirSync)(current, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
        for (const e of entries) {
            const rel = relative ? `${relative}/${e.name}` : e.name;
            const full = external_node_path_default().join(current, e.name);
            if (e.isDirectory()) {
                if (!e.name.startsWith('.') && !SKIPPED_DIRS.has(e.name))
                    visit(full, rel);
            }
            else if ((e.isFile() || e.isSymbolicLink()) && wanted(rel)) {
                const real = realOrUndefined(full);
                if (real && (0,inputs/* isInside */.FK)(root, real) && (0,external_node_fs_.statSync)(real).isFile())
                    found.push(real);
            }
        }
    };
    visit(dir, '');
    return found;
}
function realOrUndefined(p) {
    try {
        return (0,external_node_fs_.realpathSync)(p);
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./lib/k8s/manifest-documents.ts


/** YAML 1.1 as go-yaml v2 resolves plain scalars: no sexagesimal numbers, no timestamps. */
const kubectlTags = (tags) => tags.filter((t) => {
    if (typeof t !== 'object')
        return true;
    return t.tag !== 'tag:yaml.org,2002:timestamp' && t.format !== 'TIME';
});
/**
 * Every object in a manifest text, in order. Empty documents are skipped; a
 * document YAML cannot read, that is not a mapping, or that lacks
 * `apiVersion` or `kind` is refused with its line.
 */
function parseManifestObjects(source) {
    const lineCounter = new dist/* LineCounter */.HN();
    const docs = (0,dist/* parseAllDocuments */.hR)(source.text, { version: '1.1', customTags: kubectlTags, lineCounter });
    const lineOf = (offset) => lineCounter.linePos(offset).line;
    const objects = [];
    // A stream of only comments parses as an empty array.
    for (const doc of Array.isArray(docs) ? docs : [docs]) {
        const error = doc.errors[0];
        if (error) {
            const line = lineOf(error.pos[0]);
            throw new errors/* ConfigurationError */.j1(`${source.label}:${line}: not valid YAML: ${firstLine(error.message)}`);
        }
        const root = doc.contents;
        if (root === null || ((0,dist/* isScalar */.jn)(root) && (root.value === null || root.value === '')))
            continue;
        const docLine = lineOf(root.range?.[0] ?? 0);
        if (!(0,dist/* isMap */.jh)(root)) {
            throw new errors/* ConfigurationError */.j1(`${source.label}:${docLine}: a document is not a Kubernetes object (a mapping)`);
        }
        let value;
        try {
            value = doc.toJS({ maxAliasCount: 100 });
        }
        catch (error) {
            throw new errors/* ConfigurationError */.j1(`${source.label}:${docLine}: ${firstLine(error.message)}`);
        }
        const object = value;
        const at = (base) => (path) => {
            const range = rangeOf(root.getIn([...base, ...path], true));
            return range ? lineOf(range[0]) : undefined;
        };
        if (object['kind'] === 'List' && Array.isArray(object['items'])) {
            const itemsNode = root.get('items', true);
            object['items'].forEach((item, index) => {
                const range = rangeOf((0,dist/* isSeq */.oP)(itemsNode) ? itemsNode.items[index] : undefined);
                const itemLine = range ? lineOf(range[0]) : docLine;
                objects.push(checked(source, itemLine, item, at(['items', index])));
            });
            continue;
        }
        objects.push(checked(source, docLine, object, at([])));
    }
    return objects;
}
function checked(source, line, value, lineAt) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
        throw new errors/* ConfigurationError */.j1(`${source.label}:${line}: a List item is not a Kubernetes object (a mapping)`);
    }
    const object = value;
    for (const key of ['apiVersion', 'kind']) {
        if (typeof object[key] !== 'string' || object[key] === '') {
            throw new errors/* ConfigurationError */.j1(`${source.label}:${line}: the object has no ${key}`);
        }
    }
    return { source, line, value: object, lineAt };
}
function rangeOf(node) {
    if (!node || typeof node !== 'object' || !('range' in node))
        return undefined;
    const range = node.range;
    return range ?? undefined;
}
/** The first line of the YAML parser's message, without its own `at line 4, column 9:` (the label gives the line). */
function firstLine(message) {
    return (message.split('\n')[0] ?? message).replace(/\s*at line \d+, column \d+:?\s*$/, '').trim();
}
/** Objects as one multi-document YAML 1.1 stream, each string quoted where a YAML 1.1 reader could misread it. */
function stringifyManifestObjects(objects) {
    return objects.map((o) => (0,dist/* stringify */.As)(o, { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');
}

;// CONCATENATED MODULE: ./lib/k8s/prepare-manifests.ts




function prepareManifests(sources, options) {
    const objects = [];
    const images = [];
    const used = new Set();
    for (const source of sources) {
        for (const object of parseManifestObjects(source)) {
            const prepared = prepareObject(object, options);
            objects.push(prepared);
            for (const use of substituteImages(object, prepared, options.rules)) {
                images.push(use);
                if (use.rule !== undefined)
                    used.add(use.rule);
            }
            annotate(object.value, options.annotations);
        }
    }
    if (objects.length === 0) {
        throw new errors/* ConfigurationError */.j1(`the manifests (${sources.map((s) => s.label).join(', ')}) hold no Kubernetes object to deploy`);
    }
    return {
        objects,
        images,
        unusedRules: options.rules.filter((r) => !used.has(r.name)),
        text: stringifyManifestObjects(objects.map((o) => o.value)),
    };
}
function prepareObject(object, options) {
    const where = `${object.source.label}:${object.line}`;
    const value = object.value;
    const kind = value['kind'];
    const metadata = value['metadata'];
    const meta = metadata && typeof metadata === 'object' && !Array.isArray(metadata) ? metadata : {};
    const name = meta['name'];
    if (typeof name !== 'string' || name === '') {
        const generated = typeof meta['generateName'] === 'string' ? ' (generateName cannot be applied)' : '';
        throw new errors/* ConfigurationError */.j1(`${where}: the ${kind} has no metadata.name${generated}`);
    }
    const namespace = typeof meta['namespace'] === 'string' && meta['namespace'] !== '' ? meta['namespace'] : undefined;
    if (options.namespace !== undefined && namespace !== undefined && namespace !== options.namespace) {
        throw new errors/* ConfigurationError */.j1(`${where}: the ${kind} '${name}' names namespace '${namespace}', but input 'namespace' is '${options.namespace}'; remove one of them`);
    }
    return {
        apiVersion: value['apiVersion'],
        kind,
        name,
        ...(namespace !== undefined ? { namespace } : {}),
        source: object.source,
        line: object.line,
        value,
    };
}
function substituteImages(object, prepared, rules) {
    return containersOf(object.value).map((ref) => {
        const original = typeof ref.container['image'] === 'string' ? ref.container['image'] : '';
        const rule = original === '' ? undefined : (0,image_rules/* findImageRule */.P$)(rules, original);
        if (rule)
            ref.container['image'] = rule.image;
        const line = object.lineAt([...ref.path, 'image']) ?? object.lineAt(ref.path) ?? object.line;
        return {
            source: object.source,
            line,
            kind: prepared.kind,
            object: prepared.name,
            ...(prepared.namespace !== undefined ? { namespace: prepared.namespace } : {}),
            list: ref.list,
            container: ref.name,
            original,
            image: rule ? rule.image : original,
            ...(rule ? { rule: rule.name } : {}),
        };
    });
}
function annotate(value, annotations) {
    if (Object.keys(annotations).length === 0)
        return;
    const metadata = value['metadata'];
    const existing = metadata['annotations'];
    const current = existing && typeof existing === 'object' && !Array.isArray(existing) ? existing : {};
    metadata['annotations'] = { ...current, ...annotations };
}

// EXTERNAL MODULE: ./lib/k8s/render-manifests.ts
var render_manifests = __webpack_require__(1030);
;// CONCATENATED MODULE: ./lib/runtime/summary.ts


/*
 * Job summary helpers. The summary is markdown written to GITHUB_STEP_SUMMARY;
 * these keep cells on one line, escape what markdown would interpret, and
 * redact registered secrets from everything written.
 */
/** Escapes a value for a markdown table cell: one line, no pipes, no HTML. */
function cell(value) {
    if (value === undefined || value === '')
        return '';
    return String(value)
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/\|/g, '\\|')
        .replace(/`/g, '\\`')
        .replace(/\s*\r?\n\s*/g, ' ')
        .trim();
}
function markdownTable(headers, rows) {
    const head = `| ${headers.map(cell).join(' | ')} |`;
    const rule = `| ${headers.map(() => '---').join(' | ')} |`;
    const body = rows.map((row) => `| ${row.map(cell).join(' | ')} |`);
    return [head, rule, ...body].join('\n');
}
/** A collapsed section. */
function details(title, body) {
    return `<details><summary>${cell(title)}</summary>\n\n${body}\n\n</details>`;
}
/** Appends markdown to the job summary (when the runner provides one). */
async function writeSummary(markdown) {
    if (!process.env['GITHUB_STEP_SUMMARY']) {
        lib_core/* debug */.Yz('no GITHUB_STEP_SUMMARY: summary not written');
        return;
    }
    await lib_core/* summary */.z.addRaw((0,secrets/* redactSecrets */.fp)(markdown), true).write();
    lib_core/* summary */.z.emptyBuffer();
}

;// CONCATENATED MODULE: ./lib/cli/notation-inspect.ts

const ENVELOPE_FORMATS = {
    'application/jose+json': 'jws',
    'application/cose': 'cose',
};
/** `notation inspect --output json` of an artifact in a registry. */
function parseNotationInspect(text) {
    const doc = parseJson(text, 'notation inspect');
    const where = 'notation inspect';
    const mediaType = requiredString(doc['mediaType'], `${where}: mediaType`);
    const list = doc['signatures'];
    if (!Array.isArray(list))
        throw malformed(`${where}: signatures is not a list`);
    const signatures = list.map((item, i) => {
        const signature = parseSignature(item, `${where}: signatures[${i}]`);
        if (!signature.digest)
            throw malformed(`${where}: signatures[${i}] has no digest`);
        return signature;
    });
    return { mediaType, signatures };
}
/** `notation blob inspect --output json <signature file>`: one signature object, without a manifest digest. */
function parseNotationBlobInspect(text) {
    return parseSignature(parseJson(text, 'notation blob inspect'), 'notation blob inspect');
}
function parseSignature(value, where) {
    const o = asObject(value, where);
    const envelope = requiredString(o['signatureEnvelopeType'], `${where}: signatureEnvelopeType`);
    const unsigned = o['unsignedAttributes'] === undefined ? {} : asObject(o['unsignedAttributes'], `${where}: unsignedAttributes`);
    const artifact = asObject(o['signedArtifact'], `${where}: signedArtifact`);
    const size = artifact['size'];
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
        throw malformed(`${where}: signedArtifact.size is not a size`);
    }
    const digest = o['digest'];
    if (digest !== undefined && !isDigest(digest))
        throw malformed(`${where}: digest is not a digest`);
    const agent = unsigned['signingAgent'];
    const format = ENVELOPE_FORMATS[envelope];
    return {
        ...(typeof digest === 'string' ? { digest } : {}),
        signatureAlgorithm: requiredString(o['signatureAlgorithm'], `${where}: signatureAlgorithm`),
        signatureEnvelopeType: envelope,
        ...(format ? { format } : {}),
        signedAttributes: stringMap(o['signedAttributes'], `${where}: signedAttributes`),
        userDefinedAttributes: stringMap(o['userDefinedAttributes'], `${where}: userDefinedAttributes`),
        ...(typeof agent === 'string' ? { signingAgent: agent } : {}),
        ...timestampOf(unsigned['timestampSignature'], `${where}: timestampSignature`),
        certificates: certificates(o['certificates'], `${where}: certificates`),
        signedArtifact: {
            mediaType: requiredString(artifact['mediaType'], `${where}: signedArtifact.mediaType`),
            digest: digestOf(artifact['digest'], `${where}: signedArtifact.digest`),
            size,
        },
    };
}
function timestampOf(value, where) {
    if (value === undefined || value === null)
        return {};
    const o = asObject(value, where);
    const error = o['error'];
    const interval = o['timestamp'];
    return {
        timestamp: {
            ...(typeof interval === 'string' ? { timestamp: interval } : {}),
            certificates: o['certificates'] === undefined ? [] : certificates(o['certificates'], `${where}.certificates`),
            ...(typeof error === 'string' ? { error } : {}),
        },
    };
}
function certificates(value, where) {
    if (value === null || value === undefined)
        return [];
    if (!Array.isArray(value))
        throw malformed(`${where} is not a list`);
    return value.map((item, i) => {
        const c = asObject(item, `${where}[${i}]`);
        return {
            sha256Fingerprint: requiredString(c['SHA256Fingerprint'], `${where}[${i}].SHA256Fingerprint`),
            issuedTo: requiredString(c['issuedTo'], `${where}[${i}].issuedTo`),
            issuedBy: requiredString(c['issuedBy'], `${where}[${i}].issuedBy`),
            expiry: requiredString(c['expiry'], `${where}[${i}].expiry`),
        };
    });
}
/** A map of strings; notation prints `null` for an empty one. */
function stringMap(value, where) {
    if (value === null || value === undefined)
        return {};
    const o = asObject(value, where);
    const out = {};
    for (const [key, v] of Object.entries(o)) {
        if (typeof v !== 'string')
            throw malformed(`${where}.${key} is not a string`);
        out[key] = v;
    }
    return out;
}
function parseJson(text, what) {
    let doc;
    try {
        doc = JSON.parse(text);
    }
    catch {
        throw malformed(`${what} did not print JSON: ${text.trim().slice(0, 200)}`);
    }
    return asObject(doc, what);
}
function asObject(value, where) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw malformed(`${where} is not an object`);
    return value;
}
function requiredString(value, where) {
    if (typeof value !== 'string' || value === '')
        throw malformed(`${where} is missing`);
    return value;
}
function isDigest(value) {
    return typeof value === 'string' && /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(value);
}
function digestOf(value, where) {
    if (!isDigest(value))
        throw malformed(`${where} is not a digest`);
    return value;
}
function malformed(message) {
    return new errors/* OperationError */.OK(`unexpected output of notation: ${message}`);
}

;// CONCATENATED MODULE: ./lib/cli/notation.ts



const PINNED = /^[^@\s]+@sha256:[a-f0-9]{64}$/;
/** The notation CLI: argv arrays, a memoised version, and pure parsers of its output. */
class notation_Notation {
    binPath;
    env;
    run;
    versionPromise;
    constructor(binPath, 
    /** The child's whole environment, usually `Notation.environment(…)`. */
    env = process.env, run = exec/* exec */.m) {
        this.binPath = binPath;
        this.env = env;
        this.run = run;
    }
    /** The directories of a notation configuration rooted at `root`. */
    static directories(root) {
        const config = external_node_path_default().join(root, 'notation');
        return { config, libexec: config, cache: external_node_path_default().join(root, 'cache', 'notation') };
    }
    /**
     * The environment that points notation at the configuration under `root`
     * (and nothing in the user's home). Other Azure credentials than workload
     * identity are dropped, so the plugin cannot pick up a client secret.
     */
    static environment(root, base = process.env) {
        const dirs = notation_Notation.directories(root);
        const env = { ...base };
        for (const name of ['AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PATH', 'AZURE_CLIENT_CERTIFICATE_PASSWORD']) {
            delete env[name];
        }
        delete env['AZURE_USERNAME'];
        delete env['AZURE_PASSWORD'];
        return {
            ...env,
            NOTATION_CONFIG: dirs.config,
            NOTATION_LIBEXEC: dirs.libexec,
            NOTATION_CACHE: dirs.cache,
            XDG_CONFIG_HOME: root,
            XDG_CACHE_HOME: external_node_path_default().join(root, 'cache'),
        };
    }
    /** Where notation looks for a plugin: `<libexec>/plugins/<name>/notation-<name>[.exe]`. */
    static pluginPath(libexec, name, windows = process.platform === 'win32') {
        return external_node_path_default().join(libexec, 'plugins', name, `notation-${name}${windows ? '.exe' : ''}`);
    }
    /** The version notation reports, without a leading `v`. */
    version() {
        this.versionPromise ??= this.run(this.binPath, ['version'], {
            timeoutMs: 60_000,
            echoStdout: false,
            env: this.env,
        }).then((r) => notation_Notation.parseVersion(r.stdout));
        return this.versionPromise;
    }
    /** `notation version`: `Version:     1.3.2` among other lines. */
    static parseVersion(stdout) {
        return /^Version:\s*v?(\S+)/m.exec(stdout)?.[1] ?? 'unknown';
    }
    static parseInspect(stdout) {
        return parseNotationInspect(stdout);
    }
    static parseBlobInspect(stdout) {
        return parseNotationBlobInspect(stdout);
    }
    /**
     * `notation sign --id <key> --plugin <name> [--plugin-config k=v]…
     * --signature-format <cose|jws> [--timestamp-url <url> --timestamp-root-cert <file>]
     * [--user-metadata k=v]… [--insecure-registry] -- <ref@digest>`
     */
    static signArgs(o) {
        assertPinned(o.reference);
        const args = ['sign', '--id', o.keyId, '--plugin', o.plugin];
        for (const [key, value] of o.pluginConfig)
            args.push('--plugin-config', pair(key, value));
        args.push('--signature-format', o.signatureFormat);
        if (o.timestamp) {
            args.push('--timestamp-url', o.timestamp.url, '--timestamp-root-cert', o.timestamp.rootCertificate);
        }
        for (const [key, value] of o.userMetadata)
            args.push('--user-metadata', pair(key, value));
        if (o.insecureRegistry)
            args.push('--insecure-registry');
        args.push('--', o.reference);
        return args;
    }
    /** `notation verify [--insecure-registry] [--verbose] -- <ref@digest>` (with the trust policy installed). */
    static verifyArgs(reference, o) {
        assertPinned(reference);
        return [
            'verify',
            ...(o.insecureRegistry ? ['--insecure-registry'] : []),
            ...(o.verbose ? ['--verbose'] : []),
            '--',
            reference,
        ];
    }
    /** `notation inspect --output json [--insecure-registry] -- <ref@digest>` */
    static inspectArgs(reference, o) {
        assertPinned(reference);
        return ['inspect', '--output', 'json', ...(o.insecureRegistry ? ['--insecure-registry'] : []), '--', reference];
    }
    /** `notation cert add --type <type> --store <name> -- <file>…` */
    static certAddArgs(type, store, files) {
        if (!/^[a-zA-Z0-9_.-]+$/.test(store))
            throw new Error(`not a notation trust store name: ${store}`);
        if (files.length === 0)
            throw new Error(`no certificates to add to trust store ${type}:${store}`);
        return ['cert', 'add', '--type', type, '--store', store, '--', ...files];
    }
    /** `notation policy import --force -- <file>`: replaces the (isolated) trust policy without a prompt. */
    static policyImportArgs(file) {
        return ['policy', 'import', '--force', '--', file];
    }
    /**
     * The outcome of `notation verify` from its exit code and text (it has no
     * JSON output): success is exit 0 with `Successfully verified signature
     * for …`; a trust policy that skips verification is not a verification.
     */
    static parseVerifyResult(result) {
        const lines = `${result.stdout}\n${result.stderr}`.split(/\r?\n/).map((l) => l.trim());
        const warnings = lines.filter((l) => l.startsWith('Warning:')).map((l) => l.slice('Warning:'.length).trim());
        if (result.exitCode === 0) {
            if (lines.some((l) => l.startsWith('Successfully verified signature for')))
                return { verified: true, warnings };
            if (lines.some((l) => l.startsWith('Trust policy is configured to skip signature verification'))) {
                return { verified: false, reason: 'the trust policy skips signature verification for this image', warnings };
            }
            return { verified: false, reason: 'notation verify did not report a verified signature', warnings };
        }
        const errorLines = result.stderr
            .split(/\r?\n/)
            .map((l) => l.trim())
            .filter((l) => l.startsWith('Error:'));
        const last = errorLines[errorLines.length - 1];
        const fallback = result.stderr
            .split(/\r?\n/)
            .map((l) => l.trim())
            .filter((l) => l !== '')
            .pop();
        const reason = last
            ? last.slice('Error:'.length).trim()
            : (fallback ?? `notation verify exited with code ${result.exitCode}`);
        return { verified: false, reason, warnings };
    }
    async sign(o, timeoutMs) {
        await this.run(this.binPath, notation_Notation.signArgs(o), { timeoutMs, env: this.env });
    }
    /** Verifies one image; a failed verification is an outcome, not an exception (a tool failure still throws). */
    async verify(reference, o, timeoutMs) {
        const result = await this.run(this.binPath, notation_Notation.verifyArgs(reference, o), {
            timeoutMs,
            env: this.env,
            okExitCodes: [0, 1],
        });
        return notation_Notation.parseVerifyResult(result);
    }
    async inspect(reference, o, timeoutMs) {
        const result = await this.run(this.binPath, notation_Notation.inspectArgs(reference, o), {
            timeoutMs,
            env: this.env,
            echoStdout: false,
        });
        return notation_Notation.parseInspect(result.stdout);
    }
    async addCertificates(type, store, files, timeoutMs) {
        await this.run(this.binPath, notation_Notation.certAddArgs(type, store, files), { timeoutMs, env: this.env });
    }
    async importTrustPolicy(file, timeoutMs) {
        await this.run(this.binPath, notation_Notation.policyImportArgs(file), { timeoutMs, env: this.env });
    }
}
function pair(key, value) {
    if (key === '' || key.includes('='))
        throw new Error(`not a notation key: '${key}'`);
    return `${key}=${value}`;
}
function assertPinned(reference) {
    if (!PINNED.test(reference))
        throw new Error(`notation is only given references pinned by digest; got '${reference}'`);
}

;// CONCATENATED MODULE: ./lib/sign/deadline.ts

/** One time budget shared by several runs: each gets what is left of it. */
class Deadline {
    totalMs;
    what;
    now;
    end;
    constructor(totalMs, what, now = Date.now) {
        this.totalMs = totalMs;
        this.what = what;
        this.now = now;
        this.end = now() + totalMs;
    }
    /** Milliseconds left; a run that has none left fails before it starts. */
    remaining() {
        const left = this.end - this.now();
        if (left <= 0)
            throw new errors/* OperationError */.OK(`${this.what} took longer than the timeout`);
        return left;
    }
}

;// CONCATENATED MODULE: ./lib/sign/failure-reason.ts

/** A failed run in one line: what failed, and the last line the tool wrote to stderr. */
function failureReason(error) {
    const message = error instanceof Error ? error.message : String(error);
    const head = (message.split(/\r?\n/)[0] ?? '').replace(/; last lines of stderr:$/, '').trim();
    const tail = error instanceof exec/* ExecError */.c ? error.stderrTail.trim().split(/\r?\n/).pop()?.trim() : undefined;
    return tail && !head.includes(tail) ? `${head}: ${tail}` : head;
}

;// CONCATENATED MODULE: ./lib/sign/install-notation.ts






/** The azure-kv plugin's name as notation knows it (`--plugin azure-kv`). */
const AZURE_KV_PLUGIN = 'azure-kv';
/** Installs notation: the pinned version, or the chosen one verified against its sha256; cached in the tool cache. */
async function installNotation(choice, mirror) {
    return new installer/* ToolInstaller */.b(manifest/* TOOL_MANIFEST */.x).install({
        tool: 'notation',
        ...(choice.version ? { version: choice.version } : {}),
        ...(choice.sha256 ? { sha256: choice.sha256 } : {}),
        ...(mirror ? { mirror } : {}),
    });
}
/**
 * Installs the notation-azure-kv plugin (pinned or chosen, verified like any
 * tool) and puts it where notation looks for plugins:
 * `<libexec>/plugins/azure-kv/notation-azure-kv`. A hard link to the tool
 * cache's verified copy when both are on one file system, else a copy.
 */
async function installAzureKvPlugin(choice, mirror, libexec) {
    const installed = await new ToolInstaller(TOOL_MANIFEST).install({
        tool: 'notation-azure-kv',
        ...(choice.version ? { version: choice.version } : {}),
        ...(choice.sha256 ? { sha256: choice.sha256 } : {}),
        ...(mirror ? { mirror } : {}),
        addToPath: false,
    });
    const pluginPath = Notation.pluginPath(libexec, AZURE_KV_PLUGIN);
    await mkdir(path.dirname(pluginPath), { recursive: true, mode: 0o700 });
    await rm(pluginPath, { force: true });
    try {
        await link(installed.path, pluginPath);
    }
    catch {
        await copyFile(installed.path, pluginPath);
    }
    await chmod(pluginPath, 0o755).catch(() => undefined);
    core.info(`notation-azure-kv ${installed.version} installed as the notation plugin ${AZURE_KV_PLUGIN}`);
    return { ...installed, pluginPath };
}

// EXTERNAL MODULE: ./lib/azure/credential-files.ts
var credential_files = __webpack_require__(1411);
;// CONCATENATED MODULE: ./lib/sign/notation-home.ts



async function createNotationHome(base = process.env) {
    const root = await (0,credential_files/* createCredentialsDir */.Ge)('devsecops-notation', base);
    const dirs = notation_Notation.directories(root);
    for (const dir of new Set([dirs.config, dirs.libexec, dirs.cache]))
        await (0,promises_.mkdir)(dir, { recursive: true, mode: 0o700 });
    return {
        root,
        dirs,
        env: notation_Notation.environment(root, base),
        remove: () => (0,promises_.rm)(root, { recursive: true, force: true }),
    };
}

;// CONCATENATED MODULE: ./lib/sign/trust-policy.ts




/*
 * What notation trusts for a verification: a trust policy (notation's
 * `trustpolicy.json` format, version 1.0) and the certificates of the trust
 * stores it names.
 *
 * Without a `trust-policy` file, one policy is generated from
 * `trust-store-certs` and `trusted-identities`:
 *
 *   {
 *     "version": "1.0",
 *     "trustPolicies": [{
 *       "name": "devsecops-images",
 *       "registryScopes": ["<registry>/<repository>", …],   // of the images verified
 *       "signatureVerification": { "level": "strict" },
 *       "trustStores": ["ca:devsecops"],                    // every certificate given
 *       "trustedIdentities": ["x509.subject: C=…, ST=…, O=…", …]   // or ["*"]
 *     }]
 *   }
 *
 * With a `trust-policy` file, the file is imported as is and the
 * certificates go to the trust stores it names: a directory in
 * `trust-store-certs` fills the store of the same name (`certs/` fills
 * `ca:certs`), a file fills the one store the policy names.
 */
const GENERATED_POLICY_NAME = 'devsecops-images';
const GENERATED_STORE = 'devsecops';
const STORE_TYPES = ['ca', 'signingAuthority', 'tsa'];
const CERTIFICATE_EXTENSIONS = ['.pem', '.crt', '.cer', '.der'];
/** `registry/repository` of each image, once each, in order: the scopes of a generated policy. */
function registryScopes(images) {
    const scopes = [];
    for (const image of images) {
        const ref = (0,reference/* parseImageReference */.o_)(image);
        const scope = `${ref.registry}/${ref.repository}`;
        if (!scopes.includes(scope))
            scopes.push(scope);
    }
    return scopes;
}
/** The trust policy generated for images from trusted identities (strict verification, one `ca` store). */
function generateTrustPolicy(images, identities) {
    if (identities.length === 0)
        throw new Error('a generated trust policy needs trusted identities');
    return {
        version: '1.0',
        trustPolicies: [
            {
                name: GENERATED_POLICY_NAME,
                registryScopes: registryScopes(images),
                signatureVerification: { level: 'strict' },
                trustStores: [`ca:${GENERATED_STORE}`],
                trustedIdentities: [...identities],
            },
        ],
    };
}
/** Reads a trust policy file and checks its shape; the trust stores it names, as `{type, name}`. */
function parseTrustPolicy(text, source) {
    const bad = (why) => new errors/* ConfigurationError */.j1(`input 'trust-policy' must be a notation trust policy (JSON, version 1.0); ${source} ${why}`);
    let doc;
    try {
        doc = JSON.parse(text);
    }
    catch {
        throw bad('is not JSON');
    }
    const o = doc;
    if (typeof o !== 'object' || o === null || typeof o.version !== 'string')
        throw bad('has no version');
    if (!Array.isArray(o.trustPolicies) || o.trustPolicies.length === 0)
        throw bad('has no trustPolicies');
    const stores = [];
    for (const [i, p] of o.trustPolicies.entries()) {
        const statement = p;
        if (typeof statement !== 'object' || statement === null || typeof statement.name !== 'string') {
            throw bad(`has a trust policy without a name (trustPolicies[${i}])`);
        }
        if (!Array.isArray(statement.registryScopes))
            throw bad(`trust policy '${statement.name}' has no registryScopes`);
        for (const entry of statement.trustStores ?? []) {
            const [type, name, extra] = String(entry).split(':');
            if (!STORE_TYPES.includes(type) ||
                !/^[a-zA-Z0-9_.-]+$/.test(name ?? '') ||
                extra !== undefined) {
                throw bad(`trust policy '${statement.name}' names the trust store '${String(entry)}' (expected ca:<name>, signingAuthority:<name> or tsa:<name>)`);
            }
            if (!stores.some((s) => s.type === type && s.name === name)) {
                stores.push({ type: type, name: name });
            }
        }
    }
    return { document: o, stores };
}
/**
 * The trust policy and trust store certificates for verifying images:
 * generated from trust-store-certs and trusted-identities, or the given
 * trust-policy file with the certificates sorted into the stores it names.
 */
async function planTrust(trust, images) {
    const policyFile = trust['trust-policy'];
    if (policyFile === undefined) {
        const files = [];
        for (const source of trust['trust-store-certs'])
            files.push(...(await certificateFiles(source)));
        if (files.length === 0)
            throw new errors/* ConfigurationError */.j1(`input 'trust-store-certs' names no certificate files`);
        const policy = generateTrustPolicy(images, trust['trusted-identities']);
        return {
            policy,
            policyText: `${JSON.stringify(policy, null, 2)}\n`,
            generated: true,
            stores: [{ type: 'ca', name: GENERATED_STORE, files: unique(files) }],
        };
    }
    const text = await (0,promises_.readFile)(policyFile, 'utf8');
    const { document, stores } = parseTrustPolicy(text, policyFile);
    const filled = new Map(stores.map((s) => [`${s.type}:${s.name}`, []]));
    const storeList = stores.map((s) => `${s.type}:${s.name}`).join(', ') || 'none';
    for (const source of trust['trust-store-certs']) {
        const isDir = (await (0,promises_.stat)(source)).isDirectory();
        const files = await certificateFiles(source);
        let targets;
        if (isDir) {
            targets = stores.filter((s) => s.name === external_node_path_default().basename(source));
            if (targets.length === 0) {
                throw new errors/* ConfigurationError */.j1(`input 'trust-store-certs': the directory ${external_node_path_default().basename(source)} must be named after a trust store of the trust policy (${storeList})`);
            }
        }
        else {
            if (stores.length !== 1) {
                throw new errors/* ConfigurationError */.j1(`input 'trust-store-certs': the trust policy names ${stores.length === 0 ? 'no trust store' : `several trust stores (${storeList})`}, so certificate files must sit in directories named after their store; got the file ${external_node_path_default().basename(source)}`);
            }
            targets = stores;
        }
        for (const t of targets)
            filled.get(`${t.type}:${t.name}`).push(...files);
    }
    for (const [store, files] of filled) {
        if (files.length === 0) {
            throw new errors/* ConfigurationError */.j1(`input 'trust-store-certs' must hold the certificates of the trust store ${store} that the trust policy names (a directory named ${store.split(':')[1]})`);
        }
    }
    return {
        policy: document,
        policyText: text,
        generated: false,
        policyFile,
        stores: stores.map((s) => ({ ...s, files: unique(filled.get(`${s.type}:${s.name}`)) })),
    };
}
/** A certificate file, or the certificate files (.pem, .crt, .cer, .der) directly inside a directory, sorted. */
async function certificateFiles(source) {
    const info = await (0,promises_.stat)(source);
    if (!info.isDirectory())
        return [source];
    const entries = await (0,promises_.readdir)(source, { withFileTypes: true });
    const files = entries
        .filter((e) => e.isFile() && CERTIFICATE_EXTENSIONS.includes(external_node_path_default().extname(e.name).toLowerCase()))
        .map((e) => external_node_path_default().join(source, e.name))
        .sort();
    if (files.length === 0) {
        throw new errors/* ConfigurationError */.j1(`input 'trust-store-certs': the directory ${external_node_path_default().basename(source)} holds no certificate files (${CERTIFICATE_EXTENSIONS.join(', ')})`);
    }
    return files;
}
function unique(items) {
    return [...new Set(items)];
}

;// CONCATENATED MODULE: ./lib/sign/verify-images.ts











/** Verifies every image; never stops at the first failure, so the caller can name them all. */
async function verifyImageSignatures(request) {
    for (const image of request.images) {
        if (!(0,reference/* parseImageReference */.o_)(image).digest) {
            throw new errors/* ConfigurationError */.j1(`${image} is not pinned by digest: only digests are verified`);
        }
    }
    if (request.images.length === 0)
        return { verified: [], failures: [] };
    // The trust material is checked before anything is installed or run.
    const trust = await planTrust(request.trust, request.images);
    const home = await createNotationHome();
    try {
        const installed = await installNotation(request.notation, request.mirror);
        const notation = new notation_Notation(installed.path, home.env);
        const version = await notation.version();
        lib_core/* info */.pq(`notation ${version}; configuration in ${home.dirs.config}`);
        const deadline = new Deadline(request.timeoutMs, 'signature verification');
        for (const store of trust.stores) {
            await notation.addCertificates(store.type, store.name, store.files, deadline.remaining());
        }
        let policyFile = trust.policyFile;
        if (trust.generated || policyFile === undefined) {
            policyFile = external_node_path_default().join(home.root, 'trustpolicy.generated.json');
            await (0,promises_.writeFile)(policyFile, trust.policyText, { mode: 0o600 });
            lib_core/* info */.pq(`generated trust policy:\n${trust.policyText.trimEnd()}`);
        }
        await notation.importTrustPolicy(policyFile, deadline.remaining());
        const verified = [];
        const failures = [];
        for (const image of request.images) {
            const insecureRegistry = (0,reference/* isLoopbackHost */.cW)((0,reference/* parseImageReference */.o_)(image).registry);
            try {
                const outcome = await notation.verify(image, { insecureRegistry, verbose: lib_core/* isDebug */._o() }, deadline.remaining());
                for (const warning of outcome.warnings)
                    lib_core/* warning */.$e(`${image}: ${warning}`);
                if (outcome.verified) {
                    lib_core/* info */.pq(`${image}: signature verified`);
                    verified.push(image);
                }
                else {
                    failures.push({ image, reason: (outcome.reason ?? 'not verified').split(/\r?\n/)[0].trim() });
                }
            }
            catch (error) {
                // A run that timed out or could not start fails this image; the others are still verified.
                failures.push({ image, reason: failureReason(error) });
            }
        }
        for (const f of failures)
            lib_core/* info */.pq(`${f.image}: NOT verified: ${f.reason}`);
        return {
            verified,
            failures,
            notationVersion: version,
            trustPolicy: {
                generated: trust.generated,
                text: trust.policyText,
                ...(trust.policyFile ? { file: trust.policyFile } : {}),
            },
        };
    }
    finally {
        await home.remove();
    }
}

;// CONCATENATED MODULE: ./lib/deploy/aks-credentials.ts


async function listClusterKubeconfig(request) {
    const { ContainerServiceClient } = await (request.loadSdk ?? (() => Promise.all(/* import() */[__webpack_require__.e(41), __webpack_require__.e(517)]).then(__webpack_require__.bind(__webpack_require__, 7517))))();
    const client = new ContainerServiceClient(request.credential, request.subscriptionId, {
        endpoint: request.endpoints.resourceManager,
        credentials: { scopes: [request.endpoints.resourceManagerScope] },
        retryOptions: { maxRetries: 3, retryDelayInMs: 1000, maxRetryDelayInMs: 8000 },
    });
    const options = { abortSignal: AbortSignal.timeout(request.timeoutMs ?? 60_000) };
    let result;
    try {
        result = request.admin
            ? await client.managedClusters.listClusterAdminCredentials(request.resourceGroup, request.clusterName, options)
            : await client.managedClusters.listClusterUserCredentials(request.resourceGroup, request.clusterName, {
                ...options,
                format: 'exec',
            });
    }
    catch (error) {
        throw armFailure(request, error);
    }
    const first = result.kubeconfigs?.find((k) => k.value && k.value.length > 0);
    if (!first?.value) {
        throw new errors/* OperationError */.OK(`Azure Resource Manager returned no kubeconfig for cluster '${request.clusterName}' in resource group '${request.resourceGroup}'`);
    }
    return {
        name: first.name ?? (request.admin ? 'clusterAdmin' : 'clusterUser'),
        text: Buffer.from(first.value).toString('utf8'),
    };
}
/** A refusal of ARM, explained: which identity lacks which role, or which cluster was not found. */
function armFailure(request, error) {
    if (!(error instanceof Error))
        return new errors/* OperationError */.OK(String(error));
    // An Entra ID refusal is already explained by the credential.
    if (error.name === 'EntraLoginError' || error.name === 'ConfigurationError')
        return error;
    const e = error;
    const which = request.admin ? 'admin' : 'user';
    const action = request.admin ? 'listClusterAdminCredential' : 'listClusterUserCredential';
    const cluster = `cluster '${request.clusterName}' in resource group '${request.resourceGroup}' of subscription ${request.subscriptionId}`;
    const said = (0,secrets/* redactSecrets */.fp)(`${e.code ? `${e.code}: ` : ''}${e.message}`.replace(/\s+/g, ' ').trim()).slice(0, 400);
    if (e.statusCode === 401 || e.statusCode === 403) {
        const role = request.admin
            ? "'Azure Kubernetes Service Cluster Admin Role'"
            : "'Azure Kubernetes Service Cluster User Role'";
        return new errors/* OperationError */.OK(`Azure Resource Manager refused to list the cluster ${which} credential of ${cluster} for the identity '${request.clientId}' (HTTP ${e.statusCode}: ${said}); give it ${role} (or another role allowing Microsoft.ContainerService/managedClusters/${action}/action) on the cluster`);
    }
    if (e.statusCode === 404) {
        return new errors/* OperationError */.OK(`Azure Resource Manager found no ${cluster} (HTTP 404: ${said}); check cluster-name, resource-group and subscription-id`);
    }
    if (e.statusCode !== undefined) {
        return new errors/* OperationError */.OK(`Azure Resource Manager refused to list the cluster ${which} credential of ${cluster} (HTTP ${e.statusCode}: ${said})`);
    }
    if (e.name === 'AbortError' || e.name === 'TimeoutError') {
        return new errors/* OperationError */.OK(`Azure Resource Manager (${request.endpoints.resourceManager}) did not answer in time listing the credential of ${cluster}`);
    }
    return new errors/* OperationError */.OK(`could not reach Azure Resource Manager (${request.endpoints.resourceManager}) to list the credential of ${cluster}: ${said}`);
}

;// CONCATENATED MODULE: ./lib/k8s/kubeconfig.ts




/*
 * The kubeconfig AKS hands out, made usable without kubelogin. For a
 * cluster with Entra ID integration the user entry runs kubelogin (an exec
 * credential plugin: `kubelogin get-token --server-id <AKS server app> …`,
 * the `exec` format) or names the retired `azure` auth provider (the
 * `azure` format); both get a token of the AKS server application through
 * Entra ID. Here that user entry is replaced by the same kind of token,
 * obtained beforehand from the workflow's own OIDC credential, so kubectl
 * runs no plugin at all. Entries without Entra ID (local accounts with a
 * client certificate or token, the admin credential) are kept as they are.
 */
/** The Entra ID application of the AKS API server, the same in every cloud and cluster. */
const AKS_SERVER_APP_ID = '6dae42f8-4368-4678-94ff-3960e28e3630';
function parseKubeconfig(text) {
    let value;
    try {
        value = (0,dist.parse)(text, { version: '1.1', customTags: kubectlTags });
    }
    catch (error) {
        throw new errors/* OperationError */.OK(`the cluster's kubeconfig is not valid YAML: ${error.message.split('\n')[0]}`);
    }
    if (!kubeconfig_isRecord(value) || !Array.isArray(value['clusters']) || !Array.isArray(value['users'])) {
        throw new errors/* OperationError */.OK(`the cluster's kubeconfig has no clusters or users`);
    }
    return value;
}
function stringifyKubeconfig(config) {
    return (0,dist/* stringify */.As)(config, { version: '1.1', lineWidth: 0 });
}
/** The user entries that need an Entra ID token; a credential plugin other than kubelogin is refused. */
function entraUsers(config) {
    const found = [];
    for (const entry of records(config['users'])) {
        const name = typeof entry['name'] === 'string' ? entry['name'] : '';
        const user = kubeconfig_isRecord(entry['user']) ? entry['user'] : {};
        const exec = user['exec'];
        if (kubeconfig_isRecord(exec)) {
            const command = typeof exec['command'] === 'string' ? exec['command'] : '';
            const args = Array.isArray(exec['args']) ? exec['args'].map(String) : [];
            if (!/^kubelogin(\.exe)?$/i.test(external_node_path_default().basename(command.replace(/\\/g, '/')))) {
                throw new errors/* OperationError */.OK(`the cluster's kubeconfig user '${name}' runs '${command}' for its credentials; only kubelogin (Entra ID) is replaced, nothing else is run`);
            }
            found.push({ name, serverId: flagValue(args, '--server-id') ?? AKS_SERVER_APP_ID, via: 'kubelogin' });
            continue;
        }
        const provider = user['auth-provider'];
        if (kubeconfig_isRecord(provider) && provider['name'] === 'azure') {
            const providerConfig = kubeconfig_isRecord(provider['config']) ? provider['config'] : {};
            const serverId = providerConfig['apiserver-id'];
            found.push({
                name,
                serverId: typeof serverId === 'string' && serverId !== '' ? serverId : AKS_SERVER_APP_ID,
                via: 'azure auth-provider',
            });
        }
    }
    return found;
}
/** The kubeconfig with each named user entry replaced by `{ token }`. */
function withBearerTokens(config, tokens) {
    const users = records(config['users']).map((entry) => {
        const token = typeof entry['name'] === 'string' ? tokens.get(entry['name']) : undefined;
        return token === undefined ? entry : { ...entry, user: { token } };
    });
    return { ...config, users };
}
/** The credentials a kubeconfig holds (tokens, passwords, client keys), to be masked before use. */
function kubeconfigSecrets(config) {
    const secrets = [];
    for (const entry of records(config['users'])) {
        const user = kubeconfig_isRecord(entry['user']) ? entry['user'] : {};
        for (const key of ['token', 'password', 'client-key-data']) {
            const value = user[key];
            if (typeof value === 'string' && value !== '')
                secrets.push(value);
        }
    }
    return secrets;
}
/** The current context's cluster server and namespace. */
function currentContext(config) {
    const name = config['current-context'];
    const context = records(config['contexts']).find((c) => c['name'] === name);
    const ctx = context && kubeconfig_isRecord(context['context']) ? context['context'] : {};
    const cluster = records(config['clusters']).find((c) => c['name'] === ctx['cluster']);
    const server = cluster && kubeconfig_isRecord(cluster['cluster']) ? cluster['cluster']['server'] : undefined;
    return {
        ...(typeof server === 'string' ? { server } : {}),
        ...(typeof ctx['namespace'] === 'string' && ctx['namespace'] !== '' ? { namespace: ctx['namespace'] } : {}),
        ...(typeof ctx['user'] === 'string' ? { user: ctx['user'] } : {}),
    };
}
function flagValue(args, flag) {
    for (let i = 0; i < args.length; i++) {
        const arg = args[i] ?? '';
        if (arg === flag)
            return args[i + 1];
        if (arg.startsWith(`${flag}=`))
            return arg.slice(flag.length + 1);
    }
    return undefined;
}
function records(value) {
    return Array.isArray(value) ? value.filter(kubeconfig_isRecord) : [];
}
function kubeconfig_isRecord(value) {
    return !!value && typeof value === 'object' && !Array.isArray(value);
}

;// CONCATENATED MODULE: ./lib/deploy/cluster-access.ts





async function prepareClusterAccess(options) {
    const config = parseKubeconfig(options.kubeconfig);
    for (const secret of kubeconfigSecrets(config))
        (0,secrets/* registerSecret */.cl)(secret);
    const users = entraUsers(config);
    const masked = new Set();
    const tokensFor = async () => {
        const byServer = new Map();
        for (const serverId of new Set(users.map((u) => u.serverId))) {
            const token = await options.tokens.getToken(`${serverId}/.default`);
            // Masked once: the same token comes back from the credential's cache before every kubectl run.
            if (!masked.has(token.token))
                (0,secrets/* registerSecret */.cl)(token.token);
            masked.add(token.token);
            byServer.set(serverId, token.token);
        }
        return new Map(users.map((u) => [u.name, byServer.get(u.serverId) ?? '']));
    };
    let tokens = await tokensFor();
    const render = () => stringifyKubeconfig(users.length > 0 ? withBearerTokens(config, tokens) : config);
    const dir = await (0,credential_files/* createCredentialsDir */.Ge)('deploy-aks', options.env ?? process.env);
    options.onCredentialPath('credentials-dir', dir);
    const kubeconfigFile = external_node_path_default().join(dir, 'kubeconfig');
    options.onCredentialPath('kubeconfig', kubeconfigFile);
    await (0,credential_files/* writePrivateFile */.Pl)(kubeconfigFile, render());
    const context = currentContext(config);
    let generation = 0;
    return {
        dir,
        kubeconfigFile,
        cacheDir: external_node_path_default().join(dir, 'kube-cache'),
        ...(context.server ? { server: context.server } : {}),
        ...(context.namespace ? { namespace: context.namespace } : {}),
        entraUsers: users,
        refresh: async () => {
            if (users.length === 0)
                return;
            const next = await tokensFor();
            if ([...next].every(([user, token]) => tokens.get(user) === token))
                return;
            tokens = next;
            // A new file moved over the old one: kubectl never reads a half-written kubeconfig.
            const fresh = `${kubeconfigFile}.${++generation}`;
            await (0,credential_files/* writePrivateFile */.Pl)(fresh, render());
            await (0,promises_.rename)(fresh, kubeconfigFile);
        },
    };
}

;// CONCATENATED MODULE: ./lib/deploy/rollout-plan.ts
/*
 * What to wait for after apply, and what to roll back if a rollout fails.
 * Pure: from the objects apply returned and the revisions recorded before
 * apply.
 *
 * - Deployments, StatefulSets and DaemonSets: `kubectl rollout status`
 *   (not a paused Deployment, nor an `OnDelete` StatefulSet or DaemonSet,
 *   whose pods change only when deleted: kubectl cannot wait for those).
 * - Jobs: until the Job is Complete (or Failed).
 * - CronJobs, Pods, ReplicaSets and everything else: applied, not waited for.
 *
 * Rollback undoes, to the revision recorded before apply, every Deployment,
 * StatefulSet and DaemonSet that existed before (a workload the deploy
 * created has nothing to go back to; Jobs cannot be rolled back).
 */
const ROLLBACK_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'];
const WAITED_KINDS = [...ROLLBACK_KINDS, 'Job'];
function workloadKey(ref) {
    return `${ref.kind}/${ref.namespace}/${ref.name}`;
}
/** `Deployment prod/web`. */
function describeRef(ref) {
    return `${ref.kind} ${ref.namespace}/${ref.name}`;
}
/**
 * The state of each workload before apply, from the objects kubectl got
 * (those that exist) and the namespace's ControllerRevisions.
 */
function priorStates(objects, controllerRevisions) {
    const states = new Map();
    for (const o of objects) {
        const ref = refOf(o);
        if (!ref)
            continue;
        const uid = o.metadata?.uid;
        let revision;
        if (ref.kind === 'Deployment') {
            revision = positiveInteger(o.metadata?.annotations?.['deployment.kubernetes.io/revision']);
        }
        else if (ref.kind === 'StatefulSet' || ref.kind === 'DaemonSet') {
            const owned = controllerRevisions
                .filter((r) => (r.metadata?.ownerReferences ?? []).some((owner) => owner.controller && owner.uid === uid))
                .map((r) => positiveInteger(r['revision']))
                .filter((n) => n !== undefined);
            revision = owned.length > 0 ? Math.max(...owned) : undefined;
        }
        states.set(workloadKey(ref), { ...(uid ? { uid } : {}), ...(revision !== undefined ? { revision } : {}) });
    }
    return states;
}
/** The steps after apply, in the order the objects were applied. */
function planRollout(applied, before) {
    const steps = [];
    for (const o of applied) {
        const ref = refOf(o);
        if (!ref || !WAITED_KINDS.includes(ref.kind))
            continue;
        const prior = before.get(workloadKey(ref));
        const spec = record(o['spec']);
        let wait = ref.kind === 'Job' ? 'job-complete' : 'rollout-status';
        let noWaitReason;
        if (ref.kind === 'Deployment' && spec['paused'] === true) {
            wait = 'none';
            noWaitReason = 'the Deployment is paused';
        }
        const strategy = record(spec['updateStrategy'])['type'];
        if ((ref.kind === 'StatefulSet' || ref.kind === 'DaemonSet') && strategy === 'OnDelete') {
            wait = 'none';
            noWaitReason = `its update strategy is OnDelete: pods change only when they are deleted`;
        }
        const rollbackTo = ROLLBACK_KINDS.includes(ref.kind) && prior?.revision !== undefined
            ? prior.revision
            : undefined;
        const podSelector = selectorOf(spec['selector']);
        steps.push({
            ref,
            wait,
            ...(noWaitReason ? { noWaitReason } : {}),
            ...(rollbackTo !== undefined ? { rollbackTo } : {}),
            ...(podSelector ? { podSelector } : {}),
            existed: prior !== undefined,
        });
    }
    return steps;
}
/** `app=web,tier in (a,b)` from a LabelSelector (`matchLabels`, `matchExpressions`). */
function selectorOf(selector) {
    const s = record(selector);
    const terms = [];
    for (const [key, value] of Object.entries(record(s['matchLabels'])))
        terms.push(`${key}=${String(value)}`);
    const expressions = Array.isArray(s['matchExpressions']) ? s['matchExpressions'] : [];
    for (const e of expressions.map(record)) {
        const key = String(e['key'] ?? '');
        const values = Array.isArray(e['values']) ? e['values'].map(String) : [];
        switch (e['operator']) {
            case 'In':
                terms.push(`${key} in (${values.join(',')})`);
                break;
            case 'NotIn':
                terms.push(`${key} notin (${values.join(',')})`);
                break;
            case 'Exists':
                terms.push(key);
                break;
            case 'DoesNotExist':
                terms.push(`!${key}`);
                break;
        }
    }
    return terms.length > 0 ? terms.join(',') : undefined;
}
/** The workload's kind, namespace and name, when it is namespaced and named. */
function refOf(o) {
    const kind = o.kind;
    const name = o.metadata?.name;
    const namespace = o.metadata?.namespace;
    if (!kind || !name || !namespace)
        return undefined;
    return { kind, namespace, name };
}
function positiveInteger(value) {
    const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
    return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
function record(value) {
    return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

;// CONCATENATED MODULE: ./lib/deploy/deploy-summary.ts


const TITLES = {
    succeeded: '✅ Deployed to AKS',
    'rolled-back': '↩️ Deploy to AKS failed and was rolled back',
    failed: '❌ Deploy to AKS failed',
    'dry-run': '🧪 Dry run against AKS',
};
/** `Deployment/prod/web`; cluster-scoped objects have an empty namespace: `Namespace//prod`. */
function resourceLine(r) {
    return `${r.kind}/${r.namespace ?? ''}/${r.name}`;
}
function deploySummaryMarkdown(s) {
    const lines = [`### ${TITLES[s.rollout]}: \`${cell(s.cluster)}\``, ''];
    const where = `cluster \`${cell(s.resourceGroup)}/${cell(s.cluster)}\`${s.serverVersion ? ` (Kubernetes ${cell(s.serverVersion)})` : ''}`;
    const waited = s.waits.filter((w) => w.status !== 'not-waited');
    if (s.rollout === 'dry-run') {
        lines.push(`The API server of ${where} accepted ${plural(s.resources.length, 'resource')} in a server-side dry run; nothing was changed.`);
    }
    else {
        lines.push(`${plural(s.resources.length, 'resource')} applied to ${where} with server-side apply; ${waited.filter((w) => w.status === 'succeeded').length} of ${plural(waited.length, 'rollout')} completed.`);
    }
    if (s.failure)
        lines.push('', `**Why:** ${cell(s.failure)}`);
    lines.push('');
    if (s.waits.length > 0) {
        const rolledBack = new Map(s.rollbacks.map((r) => [describeRef(r.step.ref), r]));
        lines.push(markdownTable(['Workload', 'Rollout', 'Rollback'], s.waits.map((w) => {
            const rb = rolledBack.get(describeRef(w.step.ref));
            const rollback = rb
                ? rb.ok
                    ? `to revision ${w.step.rollbackTo ?? '?'}`
                    : `failed: ${rb.message}`
                : s.rollout === 'succeeded' || s.rollout === 'dry-run'
                    ? ''
                    : w.step.existed
                        ? 'not rolled back'
                        : 'new: nothing to roll back to';
            const status = w.status === 'succeeded' ? '✅' : w.status === 'failed' ? '❌' : '➖';
            return [describeRef(w.step.ref), `${status} ${w.message}`, rollback];
        })), '');
    }
    if (s.images.length > 0) {
        lines.push(markdownTable(['Image', 'Used by'], s.images.map((i) => [i.image, i.usedBy.join(', ')])), '');
    }
    if (s.explanation.length > 0) {
        const body = s.explanation.map((l) => cell(l.replace(/^\s+/, (m) => '\u00a0'.repeat(m.length)))).join('<br>');
        lines.push(details('What the cluster says', body), '');
    }
    if (s.resources.length > 0) {
        lines.push(details(`${plural(s.resources.length, 'resource')}`, s.resources.map((r) => `- ${cell(resourceLine(r))}`).join('\n')), '');
    }
    return lines.join('\n');
}
function plural(n, word) {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
}
/** The summary of a deploy refused before the cluster was contacted: what was refused, where, and why. */
function refusalSummaryMarkdown(o) {
    const lines = [
        `### ⛔ Deploy to AKS refused: \`${cell(o.cluster)}\``,
        '',
        `Nothing was sent to Azure or the cluster. ${cell(o.reason)}`,
        '',
    ];
    if (o.rows.length > 0) {
        lines.push(markdownTable(['Where', 'Image', 'Why'], o.rows.map((r) => [r.where, r.image, r.why])), '');
    }
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./lib/deploy/diagnose.ts

/** Waiting reasons that are only a moment of a normal start. */
const NORMAL_WAITING = new Set(['ContainerCreating', 'PodInitializing']);
const EVENTS_PER_OBJECT = 10;
const PODS_EXAMINED = 3;
/** The containers that keep a pod from running, one entry each (the pod itself when it cannot be scheduled). */
function podProblems(pods) {
    const problems = [];
    for (const pod of pods) {
        const name = pod.metadata?.name ?? '?';
        const status = diagnose_record(pod['status']);
        const found = [];
        for (const [key, init] of [
            ['initContainerStatuses', true],
            ['containerStatuses', false],
        ]) {
            for (const s of diagnose_records(status[key])) {
                const state = diagnose_record(s['state']);
                const waiting = diagnose_record(state['waiting']);
                const terminated = diagnose_record(state['terminated']);
                const last = diagnose_record(diagnose_record(s['lastState'])['terminated']);
                const restarts = typeof s['restartCount'] === 'number' ? s['restartCount'] : 0;
                const container = String(s['name'] ?? '?');
                let reason;
                let message;
                if (typeof waiting['reason'] === 'string' && !NORMAL_WAITING.has(waiting['reason'])) {
                    reason = waiting['reason'];
                    message = stringOrUndefined(waiting['message']);
                    if (last['reason'] !== undefined || last['exitCode'] !== undefined) {
                        const lastWords = terminatedText(last);
                        message = message ? `${message}; last exit: ${lastWords}` : `last exit: ${lastWords}`;
                    }
                }
                else if (Object.keys(terminated).length > 0 && terminated['exitCode'] !== 0) {
                    reason = terminatedText(terminated);
                    message = stringOrUndefined(terminated['message']);
                }
                if (reason)
                    found.push({ pod: name, container, init, reason, ...(message ? { message } : {}), restarts });
            }
        }
        if (found.length === 0) {
            const unschedulable = diagnose_records(status['conditions']).find((c) => c['type'] === 'PodScheduled' && c['status'] === 'False');
            if (unschedulable) {
                found.push({
                    pod: name,
                    container: '',
                    init: false,
                    reason: String(unschedulable['reason'] ?? 'Unschedulable'),
                    ...(typeof unschedulable['message'] === 'string' ? { message: unschedulable['message'] } : {}),
                    restarts: 0,
                });
            }
        }
        problems.push(...found);
    }
    return problems;
}
function terminatedText(t) {
    const reason = typeof t['reason'] === 'string' ? t['reason'] : 'Terminated';
    return t['exitCode'] !== undefined ? `${reason} (exit code ${String(t['exitCode'])})` : reason;
}
/** Events as lines, oldest first (by last occurrence). */
function eventLines(events) {
    return events
        .map((e) => {
        const involved = diagnose_record(e['involvedObject']);
        const series = diagnose_record(e['series']);
        const time = stringOrUndefined(e['lastTimestamp']) ??
            stringOrUndefined(series['lastObservedTime']) ??
            stringOrUndefined(e['eventTime']) ??
            stringOrUndefined(e['firstTimestamp']) ??
            '';
        return {
            time,
            type: String(e['type'] ?? ''),
            reason: String(e['reason'] ?? ''),
            object: `${String(involved['kind'] ?? '?')}/${String(involved['name'] ?? '?')}`,
            message: String(e['message'] ?? '').trim(),
            count: typeof e['count'] === 'number' ? e['count'] : typeof series['count'] === 'number' ? series['count'] : 1,
        };
    })
        .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}
/** `2026-01-01T10:00:00Z Warning Failed Pod/web-1: Failed to pull image … (x3)`. */
function formatEvent(e) {
    return `${e.time || '-'} ${e.type} ${e.reason} ${e.object}: ${e.message}${e.count > 1 ? ` (x${e.count})` : ''}`;
}
/** `pod web-1, container web: ImagePullBackOff: Back-off pulling image "…" (restarted 3 times)`. */
function formatPodProblem(p) {
    const where = p.container
        ? `pod ${p.pod}, ${p.init ? 'init container' : 'container'} ${p.container}`
        : `pod ${p.pod}`;
    const restarts = p.restarts > 0 ? ` (restarted ${p.restarts} times)` : '';
    return `${where}: ${p.reason}${p.message ? `: ${p.message}` : ''}${restarts}`;
}
/** Asks the cluster why a workload's rollout failed. Best effort: what cannot be read is left out. */
async function diagnoseRollout(kubectl, step) {
    const { namespace, name, kind } = step.ref;
    const selector = step.podSelector ?? (kind === 'Job' ? `batch.kubernetes.io/job-name=${name}` : undefined);
    const pods = selector ? await attempt(() => kubectl.get(['pods'], { namespace, labelSelector: selector })) : [];
    const problems = podProblems(pods ?? []);
    const about = [{ kind, name }];
    if (kind === 'Deployment' && step.podSelector) {
        const sets = (await attempt(() => kubectl.get(['replicasets.apps'], { namespace, labelSelector: step.podSelector }))) ?? [];
        const newest = sets
            .filter((rs) => (rs.metadata?.ownerReferences ?? []).some((o) => o.controller && o.kind === 'Deployment'))
            .sort((a, b) => revision(b) - revision(a))[0];
        if (newest?.metadata?.name)
            about.push({ kind: 'ReplicaSet', name: newest.metadata.name });
    }
    const failingPods = [...new Set(problems.map((p) => p.pod))].slice(0, PODS_EXAMINED);
    for (const pod of failingPods)
        about.push({ kind: 'Pod', name: pod });
    const events = [];
    for (const subject of about) {
        const found = (await attempt(() => kubectl.events(namespace, subject.name))) ?? [];
        const lines = eventLines(found.filter((e) => diagnose_record(e['involvedObject'])['kind'] === subject.kind));
        events.push(...lines.slice(-EVENTS_PER_OBJECT));
    }
    events.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    return { pods: problems, events };
}
/** The lines that explain a failed rollout, for the log. */
function diagnosisLines(step, reason, d) {
    const lines = [`${describeRef(step.ref)}: ${reason}`];
    for (const p of d.pods)
        lines.push(`  ${formatPodProblem(p)}`);
    if (d.events.length > 0) {
        lines.push('  events:');
        for (const e of d.events)
            lines.push(`    ${formatEvent(e)}`);
    }
    else {
        lines.push('  no events were found about it');
    }
    return lines;
}
function revision(rs) {
    return Number(rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? 0) || 0;
}
async function attempt(fn) {
    try {
        return await fn();
    }
    catch {
        return undefined;
    }
}
function stringOrUndefined(value) {
    return typeof value === 'string' && value !== '' ? value : undefined;
}
function diagnose_record(value) {
    return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
}
function diagnose_records(value) {
    return Array.isArray(value) ? value.map(diagnose_record) : [];
}

// EXTERNAL MODULE: ./lib/runtime/outputs.ts
var outputs = __webpack_require__(19);
;// CONCATENATED MODULE: ./lib/findings/finding.ts
/** Severities, most severe first. */
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
function severityRank(severity) {
    return SEVERITIES.indexOf(severity);
}
/** True when `severity` is at least as severe as `threshold`. */
function atLeast(severity, threshold) {
    return severityRank(severity) <= severityRank(threshold);
}
const RANK = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
/**
 * Most severe first; then by CVSS score, rule id, location and fingerprint,
 * so the order is total and the same on every machine (plain code-unit
 * comparison, not the locale's, which is also much faster on large reports).
 */
function compareFindings(a, b) {
    return (RANK[a.severity] - RANK[b.severity] ||
        (b.cvssScore ?? 0) - (a.cvssScore ?? 0) ||
        compareText(a.ruleId, b.ruleId) ||
        compareText(a.location.file ?? a.target, b.location.file ?? b.target) ||
        (a.location.startLine ?? 0) - (b.location.startLine ?? 0) ||
        compareText(a.fingerprint, b.fingerprint));
}
function compareText(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
function countBySeverity(findings) {
    const counts = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
    for (const f of findings)
        counts[f.severity]++;
    return counts;
}
/** A fix exists when the scanner names a fixed version. */
function hasFix(finding) {
    return Boolean(finding.package?.fixedVersion);
}

;// CONCATENATED MODULE: ./lib/findings/annotations.ts


/**
 * GitHub shows at most 10 annotations of each level per step and drops the
 * rest silently; so the most severe findings with a file location are
 * annotated first, 10 per level, and the rest are counted for the summary.
 */
const ANNOTATIONS_PER_LEVEL = 10;
function annotateFindings(findings, excepted = new Set()) {
    // Suppressed and excepted findings are decided: they are listed in the summary, not annotated.
    const withFile = findings.filter((f) => f.location.file && !f.suppressed && !excepted.has(f)).sort(compareFindings);
    const used = { error: 0, warning: 0, notice: 0 };
    let annotated = 0;
    for (const f of withFile) {
        const level = f.severity === 'critical' || f.severity === 'high' ? 'error' : f.severity === 'medium' ? 'warning' : 'notice';
        if (used[level] >= ANNOTATIONS_PER_LEVEL)
            continue;
        used[level]++;
        annotated++;
        const props = {
            title: `${f.severity.toUpperCase()} ${f.ruleId}`,
            file: f.location.file,
            ...(f.location.startLine ? { startLine: f.location.startLine } : {}),
            ...(f.location.endLine ? { endLine: f.location.endLine } : {}),
        };
        const message = f.package
            ? `${f.title} (${f.package.name}${f.package.fixedVersion ? `, fixed in ${f.package.fixedVersion}` : ''})`
            : f.title;
        if (level === 'error')
            lib_core/* error */.z3(message, props);
        else if (level === 'warning')
            lib_core/* warning */.$e(message, props);
        else
            lib_core/* notice */.lm(message, props);
    }
    return { annotated, notAnnotated: withFile.length - annotated };
}

;// CONCATENATED MODULE: ./lib/findings/findings-json.ts
/**
 * The document as chunks of JSON text, one finding at a time, so that a
 * report of tens of thousands of findings is written without ever holding
 * the whole document in memory.
 */
function* findingsJsonChunks(findings, gate, policy, meta) {
    const blocking = new Set(gate.blocking);
    const excepted = new Map(gate.excepted.map((e) => [e.finding, e.exception]));
    const suppressed = findings.filter((f) => f.suppressed).length;
    const total = Object.values(meta.counts).reduce((a, b) => a + b, 0);
    const rules = {};
    for (const f of findings) {
        rules[f.ruleId] ??= {
            title: f.ruleTitle ?? f.title,
            description: f.description,
            ...(f.helpUri ? { helpUri: f.helpUri } : {}),
        };
    }
    const head = {
        schema: 'devsecops-findings/v1',
        tool: meta.tool,
        ...(meta.toolVersion ? { toolVersion: meta.toolVersion } : {}),
        target: meta.target,
        category: meta.category,
        generatedAt: (meta.now ?? new Date()).toISOString(),
        gate: {
            verdict: gate.verdict,
            reason: gate.reason,
            failOn: policy.failOn,
            onlyFixed: policy.onlyFixed,
            ...(policy.file ? { policyFile: policy.file } : {}),
        },
        counts: { ...meta.counts, total, suppressed, excepted: gate.excepted.length },
        rules,
    };
    yield `${JSON.stringify(head).slice(0, -1)},"findings":[`;
    for (let i = 0; i < findings.length; i++) {
        const f = findings[i];
        const exception = excepted.get(f);
        const state = f.suppressed
            ? 'suppressed'
            : exception
                ? 'excepted'
                : blocking.has(f)
                    ? 'blocking'
                    : 'open';
        // The rule's description, title and link are in `rules`, once.
        const { description: _description, ruleTitle: _ruleTitle, helpUri: _helpUri, ...rest } = f;
        const record = {
            ...rest,
            state,
            ...(exception ? { exception: { reason: exception.reason, expires: exception.expires } } : {}),
        };
        yield (i ? ',' : '') + JSON.stringify(record);
    }
    yield ']}';
}

;// CONCATENATED MODULE: ./lib/findings/gate.ts



/**
 * Decides pass or fail on all findings of a scan (never on a filtered
 * subset): a finding blocks when the scanner did not suppress it, no valid
 * exception covers it, it is at or above `fail-on`, and, with `only-fixed`,
 * it has a fix (findings without a package, such as secrets, always count).
 */
function evaluateGate(findings, policy, today = new Date()) {
    const day = today.toISOString().slice(0, 10);
    const valid = policy.ignore.filter((e) => e.expires >= day);
    const expired = policy.ignore.filter((e) => e.expires < day);
    const matchers = valid.map((exception) => ({ exception, matches: exceptionMatcher(exception) }));
    const threshold = thresholdSeverity(policy.failOn);
    const blocking = [];
    const excepted = [];
    for (const finding of findings) {
        if (finding.suppressed)
            continue;
        const hit = matchers.find((m) => m.matches(finding));
        if (hit) {
            excepted.push({ finding, exception: hit.exception });
            continue;
        }
        if (finding.gateRule === 'warn')
            continue;
        if (finding.gateRule !== 'fail') {
            if (!threshold || !atLeast(finding.severity, threshold))
                continue;
            if (policy.onlyFixed && finding.package && !hasFix(finding))
                continue;
        }
        blocking.push(finding);
    }
    const verdict = blocking.length ? 'fail' : 'pass';
    return { verdict, blocking, excepted, expired, reason: explain(verdict, blocking, policy) };
}
function exceptionMatcher(exception) {
    const id = exception.id.toLowerCase();
    const glob = exception.path ? picomatch_default()(exception.path, { dot: true }) : undefined;
    return (f) => {
        if (f.ruleId.toLowerCase() !== id && !f.aliases?.some((a) => a.toLowerCase() === id))
            return false;
        if (exception.package && f.package?.name !== exception.package)
            return false;
        if (glob) {
            const where = f.location.file ?? f.location.imagePath ?? f.location.url ?? f.target;
            if (!glob(where.replace(/^\/+/, '')))
                return false;
        }
        return true;
    };
}
function explain(verdict, blocking, policy) {
    const rule = `fail-on: ${policy.failOn} (${policy.failOnSource === 'policy file' ? `policy file ${policy.file}` : policy.failOnSource})`;
    const fixed = policy.onlyFixed
        ? `, only-fixed (${policy.onlyFixedSource === 'policy file' ? `policy file ${policy.file}` : policy.onlyFixedSource})`
        : '';
    if (policy.failOn === 'none' && verdict === 'pass')
        return `pass: ${rule} never fails the gate`;
    if (verdict === 'pass')
        return `pass: no finding at or above ${policy.failOn}${policy.onlyFixed ? ' with a fix' : ''}; ${rule}${fixed}`;
    const counts = countBySeverity(blocking);
    const parts = SEVERITIES.filter((s) => counts[s] > 0)
        .map((s) => `${counts[s]} ${s}`)
        .join(', ');
    const byRules = blocking.filter((f) => f.gateRule === 'fail').length;
    const rulesNote = byRules ? `; ${byRules} by a FAIL rule of the scanner's rules file` : '';
    return `fail: ${blocking.length} finding${blocking.length === 1 ? '' : 's'} at or above ${policy.failOn} (${parts}); ${rule}${fixed}${rulesNote}`;
}

// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./lib/findings/sarif.ts





/*
 * SARIF 2.1.0 for GitHub code scanning: one run per tool and target with its
 * own automationDetails.id; rules with short and full descriptions, help and
 * `security-severity`; relative URIs; stable partialFingerprints; at most
 * 25,000 results per run (the most severe kept) and at most 10 MB gzipped.
 * Every finding is included whatever `fail-on` says: the gate decides the
 * step, not what code scanning may show.
 */
const MAX_RESULTS_PER_RUN = 25_000;
const MAX_GZIPPED_BYTES = 10 * 1024 * 1024;
const MAX_LOCATIONS = 10;
const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Representative scores inside GitHub's bands: >9 critical, 7-8.9 high, 4-6.9 medium, 0.1-3.9 low. */
const SECURITY_SEVERITY = {
    critical: '9.5',
    high: '8.0',
    medium: '5.5',
    low: '2.0',
    info: '0.0',
};
const LEVEL = {
    critical: 'error',
    high: 'error',
    medium: 'warning',
    low: 'note',
    info: 'note',
};
/** SARIF as one string (for small documents and tests); `writeSarif` streams the same document to a file. */
function buildSarif(findings, options) {
    const maxBytes = options.maxGzippedBytes ?? MAX_GZIPPED_BYTES;
    const selected = selectResults(findings, options);
    const { exceptedBy } = selected;
    let { kept, dropped } = selected;
    for (;;) {
        const text = [...sarifChunks(kept, options, exceptedBy)].join('');
        // A document under the limit uncompressed is under it gzipped: skip the cost of compressing.
        if (Buffer.byteLength(text) <= maxBytes || gzipSync(text, { level: 1 }).length <= maxBytes || kept.length === 0) {
            return { text, dropped, results: kept.length };
        }
        const keep = Math.floor(kept.length * 0.8);
        dropped += kept.length - keep;
        kept = kept.slice(0, keep);
    }
}
/**
 * Writes the SARIF document to a file chunk by chunk, so a report of tens of
 * thousands of results never exists as one string. The gzipped size is
 * checked with the fastest compression level: a file that fits at level 1
 * fits at any higher level.
 */
async function writeSarif(file, findings, options) {
    const maxBytes = options.maxGzippedBytes ?? MAX_GZIPPED_BYTES;
    const selected = selectResults(findings, options);
    const { exceptedBy } = selected;
    let { kept, dropped } = selected;
    let meanwhile = options.meanwhile;
    for (;;) {
        const bytes = writeChunks(file, sarifChunks(kept, options, exceptedBy));
        const size = bytes <= maxBytes || kept.length === 0 ? Promise.resolve(bytes) : gzippedSize(file);
        meanwhile?.();
        meanwhile = undefined;
        if ((await size) <= maxBytes)
            return { dropped, results: kept.length };
        const keep = Math.floor(kept.length * 0.8);
        dropped += kept.length - keep;
        kept = kept.slice(0, keep);
    }
}
function selectResults(findings, options) {
    const maxResults = options.maxResults ?? MAX_RESULTS_PER_RUN;
    const exceptedBy = new Map();
    for (const e of options.excepted ?? [])
        exceptedBy.set(e.finding, e);
    const sorted = options.sorted ? findings : [...findings].sort(compareFindings);
    const dropped = Math.max(0, sorted.length - maxResults);
    return { kept: dropped ? sorted.slice(0, maxResults) : [...sorted], dropped, exceptedBy };
}
function* sarifChunks(findings, options, exceptedBy) {
    const rules = new Map();
    const ruleIndex = [];
    for (const f of findings) {
        let rule = rules.get(f.ruleId);
        if (!rule) {
            rule = { index: rules.size, finding: f, severity: f.severity };
            rules.set(f.ruleId, rule);
        }
        else if (severityRank(f.severity) < severityRank(rule.severity)) {
            rule.severity = f.severity;
        }
        ruleIndex.push(rule.index);
    }
    const driver = {
        name: options.tool.name,
        ...(options.tool.version ? { version: options.tool.version } : {}),
        informationUri: options.tool.informationUri,
        rules: [...rules.values()].map((r) => ruleDescriptor(r.finding, r.severity)),
    };
    const head = JSON.stringify({ $schema: SARIF_SCHEMA, version: '2.1.0' }).slice(0, -1);
    const run = JSON.stringify({
        tool: { driver },
        automationDetails: { id: `${options.category}/` },
        columnKind: 'utf16CodeUnits',
    }).slice(0, -1);
    yield `${head},"runs":[${run},"results":[`;
    for (let i = 0; i < findings.length; i++) {
        const f = findings[i];
        yield (i ? ',' : '') + JSON.stringify(result(f, ruleIndex[i], exceptedBy.get(f)));
    }
    yield ']}]}';
}
/** Writes chunks in batches of about 1 MiB; returns the bytes written. */
function writeChunks(file, chunks) {
    (0,external_node_fs_.mkdirSync)(external_node_path_default().dirname(file), { recursive: true });
    const fd = (0,external_node_fs_.openSync)(file, 'w');
    let bytes = 0;
    try {
        let batch = '';
        for (const chunk of chunks) {
            batch += chunk;
            if (batch.length >= 1 << 20) {
                bytes += (0,external_node_fs_.writeSync)(fd, batch);
                batch = '';
            }
        }
        if (batch)
            bytes += (0,external_node_fs_.writeSync)(fd, batch);
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
    return bytes;
}
async function gzippedSize(file) {
    let size = 0;
    const gzip = (0,external_node_zlib_.createGzip)({ level: 1 });
    gzip.on('data', (chunk) => (size += chunk.length));
    await (0,external_node_stream_promises_.pipeline)((0,external_node_fs_.createReadStream)(file), gzip);
    return size;
}
function ruleDescriptor(f, severity) {
    const short = oneLine(ruleTitle(f));
    const help = [
        f.description,
        f.remediation ? `Remediation: ${f.remediation}` : undefined,
        f.helpUri ? `More: ${f.helpUri}` : undefined,
    ]
        .filter(Boolean)
        .join('\n\n');
    const markdown = [
        `**${escapeMarkdown(short)}**`,
        '',
        escapeMarkdown(f.description),
        ...(f.remediation ? ['', `**Remediation:** ${escapeMarkdown(f.remediation)}`] : []),
        ...(f.helpUri ? ['', `[${f.helpUri}](${f.helpUri})`] : []),
    ].join('\n');
    return {
        id: f.ruleId,
        name: ruleName(f.ruleId),
        shortDescription: { text: limit(short, 1000) },
        fullDescription: { text: limit(f.description || short, 10_000) },
        ...(f.helpUri ? { helpUri: f.helpUri } : {}),
        help: { text: limit(help, 20_000), markdown: limit(markdown, 20_000) },
        defaultConfiguration: { level: LEVEL[severity] },
        properties: {
            'security-severity': SECURITY_SEVERITY[severity],
            precision: 'very-high',
            tags: ['security', f.kind, severity],
        },
    };
}
function result(f, ruleIndex, excepted) {
    const all = [f.location, ...(f.extraLocations ?? [])];
    const suppressions = [];
    if (f.suppressed)
        suppressions.push({
            kind: 'external',
            status: 'accepted',
            justification: limit(`${f.suppressed.source}${f.suppressed.reason ? `: ${f.suppressed.reason}` : ''}`, 1000),
        });
    if (excepted)
        suppressions.push({
            kind: 'external',
            status: 'accepted',
            justification: limit(`policy exception until ${excepted.exception.expires}: ${excepted.exception.reason}`, 1000),
        });
    return {
        ruleId: f.ruleId,
        ruleIndex,
        level: LEVEL[f.severity],
        message: { text: limit(resultMessage(f), 10_000) },
        locations: all.slice(0, MAX_LOCATIONS).map((loc) => sarif_location(f, loc)),
        partialFingerprints: { 'devsecopsFingerprint/v1': f.fingerprint },
        ...(suppressions.length ? { suppressions } : {}),
        properties: {
            severity: f.severity,
            ...(f.package
                ? {
                    package: f.package.name,
                    installedVersion: f.package.installedVersion,
                    fixedVersion: f.package.fixedVersion,
                }
                : {}),
            ...(f.cvssScore !== undefined ? { cvssScore: f.cvssScore } : {}),
        },
    };
}
function sarif_location(f, loc) {
    if (loc.url) {
        return { physicalLocation: { artifactLocation: { uri: safeAbsoluteUri(loc.url) } } };
    }
    const path = loc.file ?? [loc.image ?? f.target, loc.imagePath].filter(Boolean).join('/');
    const region = loc.startLine
        ? {
            region: {
                startLine: loc.startLine,
                ...(loc.endLine && loc.endLine >= loc.startLine ? { endLine: loc.endLine } : {}),
            },
        }
        : {};
    return {
        physicalLocation: { artifactLocation: { uri: toRelativeUri(path), uriBaseId: '%SRCROOT%' }, ...region },
        ...(loc.image ? { message: { text: `in ${loc.image}${loc.imagePath ? ` at ${loc.imagePath}` : ''}` } } : {}),
    };
}
/**
 * A relative URI reference for any path or artifact name: each segment is
 * percent-encoded, so `alpine:3.10 (alpine 3.10.2)` becomes
 * `alpine%3A3.10%20(alpine%203.10.2)` and can never be read as a scheme.
 */
function toRelativeUri(path) {
    const segments = path
        .replace(/\\/g, '/')
        .split('/')
        .filter((s) => s !== '' && s !== '.');
    return (segments
        .map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
        .join('/') || '.');
}
function safeAbsoluteUri(url) {
    try {
        return new URL(url).href;
    }
    catch {
        return toRelativeUri(url);
    }
}
function resultMessage(f) {
    const lines = [f.title];
    if (f.package) {
        lines.push(`Package: ${f.package.name}${f.package.installedVersion ? ` ${f.package.installedVersion}` : ''}`);
        lines.push(f.package.fixedVersion ? `Fixed version: ${f.package.fixedVersion}` : 'Fixed version: none yet');
    }
    lines.push(`Severity: ${f.severity}`);
    if (f.location.image)
        lines.push(`Image: ${f.location.image}`);
    if (f.helpUri)
        lines.push(`Link: ${f.helpUri}`);
    return lines.join('\n');
}
function ruleTitle(f) {
    return f.ruleTitle ?? f.title;
}
/** SARIF rule names are identifiers; derive one from the id. */
function ruleName(id) {
    const words = id.split(/[^A-Za-z0-9]+/).filter(Boolean);
    return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('') || 'Rule';
}
function oneLine(text) {
    return text.replace(/\s+/g, ' ').trim();
}
function limit(text, max) {
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
function escapeMarkdown(text) {
    return text.replace(/([\\`*_[\]<>])/g, '\\$1');
}

;// CONCATENATED MODULE: ./lib/findings/summary-markdown.ts


/** Rows in the visible table; the rest go into a collapsed section, itself bounded (the summary is at most 1 MiB a step). */
const TOP_ROWS = 15;
const MAX_COLLAPSED_ROWS = 500;
/** The job summary of one scan: readable in ten seconds, details a click away. */
function summaryMarkdown(input) {
    const { gate } = input;
    const icon = gate.verdict === 'pass' ? '✅' : '❌';
    const excepted = new Set(gate.excepted.map((e) => e.finding));
    const suppressed = input.findings.filter((f) => f.suppressed).length;
    // The table lists what still needs a decision: excepted findings have their own section.
    const open = input.findings.filter((f) => !f.suppressed && !excepted.has(f));
    if (!input.sorted)
        open.sort(compareFindings);
    const lines = [`### ${icon} ${cell(input.title)}: ${gate.verdict}`, '', cell(gate.reason), ''];
    lines.push(markdownTable([...SEVERITIES.map((s) => s.charAt(0).toUpperCase() + s.slice(1)), 'Excepted', 'Suppressed'], [[...SEVERITIES.map((s) => input.counts[s]), gate.excepted.length, suppressed]]), '');
    if (open.length) {
        const row = (f) => [
            f.severity,
            f.ruleId,
            f.title,
            where(f),
            f.package ? `${f.package.name} ${f.package.installedVersion ?? ''}`.trim() : '',
            f.package?.fixedVersion ?? '',
        ];
        const headers = ['Severity', 'Rule', 'Title', 'Location', 'Package', 'Fixed in'];
        lines.push(markdownTable(headers, open.slice(0, TOP_ROWS).map(row)), '');
        const rest = open.slice(TOP_ROWS);
        if (rest.length) {
            const shown = rest.slice(0, MAX_COLLAPSED_ROWS);
            const more = rest.length - shown.length;
            lines.push(details(`${rest.length} more finding${rest.length === 1 ? '' : 's'}`, markdownTable(headers, shown.map(row)) + (more ? `\n\n…and ${more} more in the JSON and SARIF files.` : '')), '');
        }
    }
    if (gate.excepted.length) {
        lines.push(details(`${gate.excepted.length} finding${gate.excepted.length === 1 ? '' : 's'} excepted by the policy`, markdownTable(['Rule', 'Location', 'Reason', 'Expires'], gate.excepted.map((e) => [e.finding.ruleId, where(e.finding), e.exception.reason, e.exception.expires]))), '');
    }
    const notes = [];
    for (const e of gate.expired)
        notes.push(`⚠️ The exception for ${cell(e.id)} expired on ${cell(e.expires)} and no longer applies.`);
    if (input.notAnnotated)
        notes.push(`${input.notAnnotated} finding${input.notAnnotated === 1 ? '' : 's'} with a file location not annotated (GitHub shows 10 per level).`);
    if (input.sarifDropped)
        notes.push(`${input.sarifDropped} least severe result${input.sarifDropped === 1 ? '' : 's'} left out of the SARIF file (GitHub's limits).`);
    for (const f of input.files ?? [])
        notes.push(`${cell(f.label)}: \`${cell(f.path)}\``);
    if (notes.length)
        lines.push(...notes.map((n) => `- ${n}`), '');
    return lines.join('\n');
}
function where(f) {
    const loc = f.location;
    if (loc.file)
        return `${loc.file}${loc.startLine ? `:${loc.startLine}` : ''}`;
    if (loc.url)
        return loc.url;
    if (loc.imagePath)
        return loc.imagePath;
    return f.target;
}

;// CONCATENATED MODULE: ./lib/findings/publish.ts









/**
 * One pass from findings to everything a scan produces: the gate verdict,
 * SARIF, the normalized JSON, annotations, the job summary and the outputs.
 * Files are written before the verdict is returned, so a failing gate never
 * loses a report.
 */
async function publishFindings(request) {
    // Sorted once, most severe first: SARIF, the JSON file, annotations and the summary all use this order.
    const findings = [...request.findings].sort(compareFindings);
    const { policy } = request;
    const gate = evaluateGate(findings, policy, request.now);
    for (const e of gate.expired) {
        lib_core/* warning */.$e(`policy exception for ${e.id} expired on ${e.expires} and no longer applies (reason was: ${e.reason})`);
    }
    const active = findings.filter((f) => !f.suppressed);
    const counts = countBySeverity(active);
    // Both files are written before the verdict is returned: a failing gate never loses a report.
    // The JSON file is written while zlib checks the SARIF file's compressed size.
    const writeJson = () => {
        writeChunks(request.jsonFile, findingsJsonChunks(findings, gate, policy, {
            tool: request.tool.name,
            ...(request.tool.version ? { toolVersion: request.tool.version } : {}),
            target: request.target,
            category: request.category,
            counts,
            ...(request.now ? { now: request.now } : {}),
        }));
    };
    const sarif = await writeSarif(request.sarifFile, findings, {
        tool: request.tool,
        category: request.category,
        excepted: gate.excepted,
        sorted: true,
        meanwhile: writeJson,
    });
    if (sarif.dropped) {
        lib_core/* warning */.$e(`${sarif.dropped} of ${findings.length} results were left out of the SARIF file to stay within GitHub's limits (the least severe first); the JSON file has all of them`);
    }
    const annotated = request.annotations
        ? annotateFindings(findings, new Set(gate.excepted.map((e) => e.finding)))
        : { annotated: 0, notAnnotated: 0 };
    if (request.summary) {
        await writeSummary(summaryMarkdown({
            title: request.title ?? `${request.tool.name} scan of ${request.target}`,
            findings,
            sorted: true,
            counts,
            gate,
            notAnnotated: annotated.notAnnotated,
            sarifDropped: sarif.dropped,
            files: [
                { label: 'SARIF', path: request.sarifFile },
                { label: 'JSON', path: request.jsonFile },
                ...(request.extraFiles ?? []),
            ],
        }));
    }
    if (request.setOutputs ?? true) {
        (0,outputs/* setOutput */.u)('sarif-file', request.sarifFile);
        (0,outputs/* setOutput */.u)('json-file', request.jsonFile);
        (0,outputs/* setOutput */.u)('findings', active.length);
        (0,outputs/* setOutput */.u)('critical', counts.critical);
        (0,outputs/* setOutput */.u)('high', counts.high);
        (0,outputs/* setOutput */.u)('medium', counts.medium);
        (0,outputs/* setOutput */.u)('low', counts.low);
        (0,outputs/* setOutput */.u)('gate', gate.verdict);
        (0,outputs/* setOutput */.u)('tool-version', request.tool.version ?? 'unknown');
        (0,outputs/* setOutput */.u)('category', request.category);
    }
    lib_core/* info */.pq(gate.reason);
    return gate;
}

;// CONCATENATED MODULE: ./lib/deploy/kube-score-gate.ts



async function runKubeScoreGate(request) {
    const { runKubeScoreScan } = await __webpack_require__.e(/* import() */ 506).then(__webpack_require__.bind(__webpack_require__, 9506));
    const outcome = await runKubeScoreScan({
        render: 'none',
        sources: [request.file],
        helmValues: [],
        ignoreTests: [],
        optionalTests: [],
        timeoutMs: request.timeoutMs,
        tool: request.tool,
        ...(request.mirror ? { mirror: request.mirror } : {}),
        outDir: request.outDir,
        workspace: request.workspace,
    });
    const sarifFile = external_node_path_default().join(request.outDir, 'kube-score.sarif');
    const jsonFile = external_node_path_default().join(request.outDir, 'kube-score-findings.json');
    const gate = await publishFindings({
        tool: {
            name: 'kube-score',
            informationUri: 'https://github.com/zegl/kube-score',
            ...(outcome.toolVersion ? { version: outcome.toolVersion } : {}),
        },
        target: request.file,
        category: 'deploy-aks-kube-score',
        findings: outcome.findings,
        policy: request.policy,
        sarifFile,
        jsonFile,
        summary: true,
        annotations: true,
        title: 'kube-score gate of the manifests to deploy',
        extraFiles: [...(outcome.extraFiles ?? []), { label: 'Manifests scored', path: request.file }],
        setOutputs: false,
    });
    lib_core/* info */.pq(`kube-score gate: ${gate.reason}`);
    return { gate, sarifFile, jsonFile, findings: outcome.findings.length };
}

;// CONCATENATED MODULE: ./lib/deploy/rollout.ts


/** What each workload (of the kinds that are waited for) was before apply; absent ones did not exist. */
async function recordPriorStates(kubectl, workloads) {
    const byNamespace = new Map();
    for (const w of workloads) {
        if (!WAITED_KINDS.includes(w.kind))
            continue;
        byNamespace.set(w.namespace, [...(byNamespace.get(w.namespace) ?? []), w]);
    }
    const objects = [];
    const revisions = [];
    for (const [namespace, refs] of byNamespace) {
        const unique = [...new Set(refs.map((r) => Kubectl.resource(r.kind, r.name)))];
        const found = await kubectl.get(unique, { namespace, ignoreNotFound: true });
        objects.push(...found);
        if (found.some((o) => o.kind === 'StatefulSet' || o.kind === 'DaemonSet')) {
            revisions.push(...(await kubectl.get(['controllerrevisions.apps'], { namespace })));
        }
    }
    return priorStates(objects, revisions);
}
async function waitForRollouts(kubectl, steps, options) {
    const now = options.now ?? Date.now;
    const outcomes = new Array(steps.length);
    let next = 0;
    const worker = async () => {
        while (next < steps.length) {
            const index = next++;
            const step = steps[index];
            outcomes[index] = await waitFor(kubectl, step, options, now);
        }
    };
    const workers = Math.max(1, Math.min(options.concurrency ?? 8, steps.length));
    await Promise.all(Array.from({ length: workers }, worker));
    return outcomes;
}
async function waitFor(kubectl, step, options, now) {
    if (step.wait === 'none')
        return { step, status: 'not-waited', message: step.noWaitReason ?? 'not waited for' };
    const remaining = options.deadline - now();
    if (remaining <= 0)
        return { step, status: 'failed', message: 'the timeout was over before its rollout was looked at' };
    const resource = Kubectl.resource(step.ref.kind, step.ref.name);
    if (step.wait === 'rollout-status') {
        const r = await kubectl.rolloutStatus(resource, step.ref.namespace, remaining);
        return { step, status: r.ok ? 'succeeded' : 'failed', message: r.message };
    }
    return waitForJob(kubectl, step, options, now);
}
/** Until the Job has a Complete or Failed condition, or the deadline. */
async function waitForJob(kubectl, step, options, now) {
    const resource = Kubectl.resource('Job', step.ref.name);
    const poll = options.jobPollMs ?? 5000;
    for (;;) {
        const [job] = await kubectl.get([resource], { namespace: step.ref.namespace });
        const verdict = jobVerdict(job);
        if (verdict)
            return { step, ...verdict };
        const remaining = options.deadline - now();
        if (remaining <= 0) {
            return { step, status: 'failed', message: `job "${step.ref.name}" did not complete before the timeout` };
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(poll, remaining)));
    }
}
/** A Job's outcome from its conditions, or undefined while it runs. */
function jobVerdict(job) {
    const status = job?.['status'];
    const conditions = status && typeof status === 'object' && Array.isArray(status.conditions)
        ? (status.conditions ?? [])
        : [];
    const name = job?.metadata?.name ?? '';
    const failed = conditions.find((c) => c['type'] === 'Failed' && c['status'] === 'True');
    if (failed) {
        const why = [failed['reason'], failed['message']].filter((p) => typeof p === 'string' && p).join(': ');
        return { status: 'failed', message: `job "${name}" failed${why ? `: ${why}` : ''}` };
    }
    if (conditions.some((c) => c['type'] === 'Complete' && c['status'] === 'True')) {
        return { status: 'succeeded', message: `job "${name}" completed` };
    }
    return undefined;
}
/**
 * `rollout undo --to-revision` of every step that has a revision to go back
 * to; with `waitMs`, then waits until that previous revision is ready again,
 * since a rollback that does not come up leaves the service as broken.
 */
async function rollBack(kubectl, steps, waitMs) {
    const outcomes = [];
    for (const step of steps) {
        if (step.rollbackTo === undefined)
            continue;
        try {
            const resource = Kubectl.resource(step.ref.kind, step.ref.name);
            const said = await kubectl.rolloutUndo(resource, step.ref.namespace, step.rollbackTo);
            const message = said || `rolled back to revision ${step.rollbackTo}`;
            if (waitMs !== undefined) {
                const ready = await kubectl.rolloutStatus(resource, step.ref.namespace, waitMs);
                if (!ready.ok) {
                    outcomes.push({
                        step,
                        ok: false,
                        message: `${message}, but revision ${step.rollbackTo} did not become ready: ${ready.message}`,
                    });
                    continue;
                }
            }
            outcomes.push({ step, ok: true, message });
        }
        catch (error) {
            // kubectl's own last word (`unable to find specified revision 5 in history`) says the most.
            const lines = (error instanceof Error ? error.message : String(error)).split('\n').filter((l) => l.trim());
            outcomes.push({ step, ok: false, message: (lines.at(-1) ?? '').replace(/^\s*error:\s*/, '').trim() });
        }
    }
    return outcomes;
}
/**
 * After a failed apply (some objects may have been applied): the workloads
 * whose revision moved since before, to be rolled back to where they were.
 */
async function changedSince(kubectl, workloads, before) {
    const after = await recordPriorStates(kubectl, workloads);
    const steps = [];
    for (const ref of workloads) {
        const key = workloadKey(ref);
        const was = before.get(key);
        const now = after.get(key);
        if (was?.revision === undefined || now?.revision === undefined || now.revision === was.revision)
            continue;
        steps.push({ ref, wait: 'none', rollbackTo: was.revision, existed: true });
    }
    return steps;
}

;// CONCATENATED MODULE: ./lib/deploy/run-annotations.ts
/*
 * The annotations that tie every applied object to the workflow run that
 * applied it (`kubectl get deploy web -o yaml` answers "which run deployed
 * this?"). They go on each object's own metadata, never on a pod template:
 * a new run alone must not restart pods.
 */
const RUN_ANNOTATION_PREFIX = 'devsecops.github.io/';
/** `devsecops.github.io/run-url`, `…/repository`, `…/commit-sha`, `…/ref`, `…/workflow`: those the runner's environment has. */
function runAnnotations(env = process.env) {
    const get = (name) => env[name]?.trim() || undefined;
    const server = (get('GITHUB_SERVER_URL') ?? 'https://github.com').replace(/\/+$/, '');
    const repository = get('GITHUB_REPOSITORY');
    const runId = get('GITHUB_RUN_ID');
    const attempt = get('GITHUB_RUN_ATTEMPT');
    const annotations = {};
    if (repository && runId) {
        annotations[`${RUN_ANNOTATION_PREFIX}run-url`] =
            `${server}/${repository}/actions/runs/${runId}${attempt && attempt !== '1' ? `/attempts/${attempt}` : ''}`;
    }
    const put = (key, value) => {
        if (value)
            annotations[`${RUN_ANNOTATION_PREFIX}${key}`] = value;
    };
    put('repository', repository);
    put('commit-sha', get('GITHUB_SHA'));
    put('ref', get('GITHUB_REF'));
    put('workflow', get('GITHUB_WORKFLOW_REF'));
    return annotations;
}

;// CONCATENATED MODULE: ./lib/deploy/deploy.ts




























/** Thrown for a deploy refused before anything reached the cluster: nothing to report as outputs. */
class DeployRefused extends errors/* OperationError */.OK {
    name = 'DeployRefused';
}
async function deployToAks(request) {
    const env = request.env ?? process.env;
    await (0,promises_.mkdir)(request.workDir, { recursive: true });
    // 1. Manifests, before any network.
    const sources = await loadManifestSources(request);
    const prepared = prepareManifests(sources, {
        rules: request.images,
        annotations: runAnnotations(env),
        ...(request.namespace ? { namespace: request.namespace } : {}),
    });
    lib_core/* info */.pq(`${prepared.objects.length} object(s) with ${prepared.images.length} container(s) in ${sources.length} manifest source(s)`);
    for (const use of prepared.images.filter((i) => i.rule !== undefined)) {
        lib_core/* info */.pq(`substituted ${describeImageUse(use)}`);
    }
    for (const rule of prepared.unusedRules) {
        lib_core/* warning */.$e(`images: '${rule.name}=${rule.image}' matched no container in the manifests (is the name misspelt?)`);
    }
    // 2. Refusals, before any login.
    const policy = { requireDigest: request.requireDigest, allowedRegistries: request.allowedRegistries };
    const refusals = checkImagePolicy(prepared.images, policy);
    if (refusals.length > 0) {
        for (const r of refusals) {
            const file = r.use.source.file;
            lib_core/* error */.z3(`${describeImageUse(r.use)} ${r.detail}`, {
                title: 'deploy refused',
                ...(file ? { file, startLine: r.use.line } : {}),
            });
        }
        await writeSummary(refusalSummaryMarkdown({
            cluster: request.clusterName,
            reason: 'Images must be pinned by digest and come from an allowed registry.',
            rows: refusals.map((r) => ({
                where: `${r.use.source.label}:${r.use.line} ${r.use.kind} ${r.use.object} (${r.use.container})`,
                image: r.use.image || '(none)',
                why: r.detail,
            })),
        }));
        throw new DeployRefused(imageRefusalMessage(refusals, policy));
    }
    const manifestFile = external_node_path_default().join(request.workDir, 'manifests.yaml');
    await (0,promises_.writeFile)(manifestFile, prepared.text);
    lib_core/* info */.pq(`the manifests to apply are in ${manifestFile}`);
    // 3. Gates.
    if (request.kubeScore)
        await kubeScoreGate(request, manifestFile);
    const images = deployedImages(prepared);
    if (request.verifySignatures)
        await verifySignatures(request, prepared);
    // 4. Credentials.
    const access = await clusterAccess(request, env);
    const located = await locateKubectl(request.kubectl, request.mirror);
    const kubectl = new Kubectl(located.path, { kubeconfig: access.kubeconfigFile, cacheDir: access.cacheDir }, undefined, () => access.refresh());
    const versions = await kubectl.version();
    lib_core/* info */.pq(`connected to ${access.server ?? 'the cluster'} (Kubernetes ${versions.server ?? 'unknown'}) with ${located.label}${access.entraUsers.length ? ', an Entra ID token for the AKS server application in place of kubelogin' : ''}`);
    // 5. Apply, wait, roll back.
    const defaultNamespace = request.namespace ?? access.namespace ?? 'default';
    const workloads = prepared.objects.map((o) => ({
        kind: o.kind,
        namespace: o.namespace ?? defaultNamespace,
        name: o.name,
    }));
    const before = request.dryRun ? new Map() : await recordPriorStates(kubectl, workloads);
    const summaryBase = {
        cluster: request.clusterName,
        resourceGroup: request.resourceGroup,
        ...(versions.server ? { serverVersion: versions.server } : {}),
    };
    let applied;
    try {
        applied = await kubectl.apply({
            file: manifestFile,
            ...(request.namespace ? { namespace: request.namespace } : {}),
            dryRun: request.dryRun,
        });
    }
    catch (error) {
        const why = `kubectl apply failed: ${firstLines(error)}`;
        let rollbacks = [];
        if (!request.dryRun && request.rollbackOnFailure) {
            rollbacks = await rollBack(kubectl, await changedSince(kubectl, workloads, before).catch(() => []), request.timeoutMs);
        }
        const rollout = rollbacks.length > 0 && rollbacks.every((r) => r.ok) ? 'rolled-back' : 'failed';
        const failure = `${why}${rollbackNote(rollbacks)}`;
        await writeSummary(deploySummaryMarkdown({
            ...summaryBase,
            rollout,
            resources: [],
            images: [],
            waits: [],
            rollbacks,
            explanation: [],
            failure,
        }));
        return { rollout, resources: [], images, failure };
    }
    const resources = applied.map((o) => ({
        kind: o.kind ?? '?',
        ...(o.metadata?.namespace ? { namespace: o.metadata.namespace } : {}),
        name: o.metadata?.name ?? '?',
    }));
    for (const r of resources)
        lib_core/* info */.pq(`${request.dryRun ? 'dry run: accepted' : 'applied'} ${resourceLine(r)}`);
    const usedBy = imagesUsedBy(prepared, defaultNamespace);
    if (request.dryRun) {
        await writeSummary(deploySummaryMarkdown({
            ...summaryBase,
            rollout: 'dry-run',
            resources,
            images: usedBy,
            waits: [],
            rollbacks: [],
            explanation: [],
        }));
        return { rollout: 'dry-run', resources: resources.map(resourceLine), images };
    }
    const steps = planRollout(applied, before);
    const deadline = Date.now() + request.timeoutMs;
    const waits = await waitForRollouts(kubectl, steps, {
        deadline,
        ...(request.jobPollMs !== undefined ? { jobPollMs: request.jobPollMs } : {}),
    });
    const failed = waits.filter((w) => w.status === 'failed');
    if (failed.length === 0) {
        for (const w of waits)
            lib_core/* info */.pq(`${describeRef(w.step.ref)}: ${w.message}`);
        await writeSummary(deploySummaryMarkdown({
            ...summaryBase,
            rollout: 'succeeded',
            resources,
            images: usedBy,
            waits,
            rollbacks: [],
            explanation: [],
        }));
        return { rollout: 'succeeded', resources: resources.map(resourceLine), images };
    }
    // A rollout failed: say why, then roll back what existed before.
    const explanation = [];
    for (const w of failed) {
        const diagnosis = await diagnoseRollout(kubectl, w.step);
        const lines = diagnosisLines(w.step, w.message, diagnosis);
        explanation.push(...lines);
        lib_core/* error */.z3(lines
            .slice(0, 1 + diagnosis.pods.length)
            .join('\n')
            .replace(/\n\s+/g, '; '), {
            title: `rollout of ${describeRef(w.step.ref)} failed`,
        });
    }
    lib_core/* info */.pq(['Why the rollout failed:', ...explanation].join('\n'));
    let rollbacks = [];
    if (request.rollbackOnFailure) {
        rollbacks = await rollBack(kubectl, steps, request.timeoutMs);
        for (const r of rollbacks)
            lib_core/* info */.pq(`rollback of ${describeRef(r.step.ref)}: ${r.message}`);
        const created = steps.filter((s) => !s.existed && ROLLBACK_KINDS.includes(s.ref.kind));
        if (created.length > 0) {
            lib_core/* warning */.$e(`not rolled back (created by this deploy, no earlier revision): ${created.map((s) => describeRef(s.ref)).join(', ')}`);
        }
    }
    const rollout = rollbacks.length > 0 && rollbacks.every((r) => r.ok) ? 'rolled-back' : 'failed';
    const failure = `${failedSentence(failed)}${rollbackNote(rollbacks)}${request.rollbackOnFailure ? '' : ' (rollback-on-failure is false: nothing was rolled back)'}`;
    await writeSummary(deploySummaryMarkdown({
        ...summaryBase,
        rollout,
        resources,
        images: usedBy,
        waits,
        rollbacks,
        explanation,
        failure,
    }));
    return { rollout, resources: resources.map(resourceLine), images, failure };
}
/** The manifest texts: files as they are, or what Kustomize or Helm renders. */
async function loadManifestSources(request) {
    const relative = (file) => (0,inputs/* isInside */.FK)(request.workspace, file) ? external_node_path_default().relative(request.workspace, file).split((external_node_path_default()).sep).join('/') : undefined;
    if (request.render === 'none') {
        const files = resolveManifestFiles('manifests', request.manifests);
        return Promise.all(files.map(async (file) => {
            const rel = relative(file);
            return { label: rel ?? file, ...(rel ? { file: rel } : {}), text: await (0,promises_.readFile)(file, 'utf8') };
        }));
    }
    const renderDir = external_node_path_default().join(request.workDir, 'rendered');
    if (request.render === 'kustomize') {
        const kubectl = await locateKubectl(request.kubectl, request.mirror);
        const sources = [];
        for (const [index, dir] of request.manifests.entries()) {
            const rendered = await (0,render_manifests/* renderManifests */.hO)({
                render: 'kustomize',
                sources: [dir],
                helmValues: [],
                kubernetesVersion: kube_score/* DEFAULT_KUBERNETES_VERSION */.q,
                outFile: external_node_path_default().join(renderDir, `kustomize-${index + 1}.yaml`),
                timeoutMs: 5 * 60_000,
                kubectlPath: kubectl.path,
            });
            sources.push({ label: `${relative(dir) ?? dir} (kustomize build)`, text: await (0,promises_.readFile)(rendered.file, 'utf8') });
        }
        return sources;
    }
    const chart = request.helmChart ?? '';
    const rendered = await (0,render_manifests/* renderManifests */.hO)({
        render: 'helm',
        sources: [chart],
        helmValues: request.helmValues,
        kubernetesVersion: kube_score/* DEFAULT_KUBERNETES_VERSION */.q,
        outFile: external_node_path_default().join(renderDir, 'helm-template.yaml'),
        timeoutMs: 5 * 60_000,
        helm: request.helm,
        ...(request.mirror ? { mirror: request.mirror } : {}),
        ...(request.releaseName ? { releaseName: request.releaseName } : {}),
        ...(request.namespace ? { namespace: request.namespace } : {}),
    });
    lib_core/* info */.pq(`rendered ${chart} with ${rendered.renderer}`);
    return [{ label: `${relative(chart) ?? chart} (helm template)`, text: await (0,promises_.readFile)(rendered.file, 'utf8') }];
}
async function kubeScoreGate(request, manifestFile) {
    const kubeScore = request.kubeScore;
    if (!kubeScore)
        return;
    const policy = await loadPolicy({
        ...(kubeScore.policy ? { policy: kubeScore.policy } : {}),
        ...(kubeScore.failOn ? { failOn: kubeScore.failOn } : {}),
    }, request.workspace);
    const result = await runKubeScoreGate({
        file: manifestFile,
        outDir: external_node_path_default().join(request.workDir, 'kube-score'),
        workspace: request.workspace,
        policy,
        tool: kubeScore.tool,
        ...(request.mirror ? { mirror: request.mirror } : {}),
        timeoutMs: 5 * 60_000,
    });
    if (result.gate.verdict === 'fail') {
        throw new DeployRefused(`deploy refused before contacting the cluster: the kube-score gate failed: ${result.gate.reason}`);
    }
}
async function verifySignatures(request, prepared) {
    const verify = request.verifySignatures;
    if (!verify)
        return;
    const unpinned = prepared.images.filter((i) => deploy_digestOf(i.image) === undefined);
    if (unpinned.length > 0) {
        throw new DeployRefused(`deploy refused before contacting the cluster: verify-signatures verifies digests, and ${unpinned.length} image(s) are not pinned by one: ${unpinned.map(describeImageUse).join('; ')}`);
    }
    const images = deployedImages(prepared);
    lib_core/* info */.pq(`verifying the signatures of ${images.length} image digest(s)`);
    const result = await verifyImageSignatures({
        images,
        trust: verify.trust,
        notation: verify.notation,
        ...(request.mirror ? { mirror: request.mirror } : {}),
        timeoutMs: 10 * 60_000,
    });
    if (result.failures.length > 0) {
        for (const f of result.failures)
            lib_core/* error */.z3(`${f.image}: ${f.reason}`, { title: 'signature verification failed' });
        await writeSummary(refusalSummaryMarkdown({
            cluster: request.clusterName,
            reason: `${result.failures.length} of ${images.length} image(s) failed signature verification.`,
            rows: result.failures.map((f) => ({ where: 'signature', image: f.image, why: f.reason })),
        }));
        throw new DeployRefused(`deploy refused before contacting the cluster: ${result.failures.length} of ${images.length} image(s) failed signature verification: ${result.failures.map((f) => `${f.image} (${f.reason})`).join('; ')}`);
    }
    lib_core/* info */.pq(`verified the signatures of ${result.verified.length} image digest(s)`);
}
async function clusterAccess(request, env) {
    const endpoints = resolveAzureEndpoints(request.cloud, env);
    const credential = new GitHubOidcCredential({
        clientId: request.clientId,
        tenantId: request.tenantId,
        audience: request.audience,
        endpoints,
        inputNames: { clientId: 'azure-client-id', tenantId: 'azure-tenant-id', cloud: 'cloud', audience: 'audience' },
    }, { requestIdToken: idTokenSource(env), env });
    const kubeconfig = await listClusterKubeconfig({
        subscriptionId: request.subscriptionId,
        resourceGroup: request.resourceGroup,
        clusterName: request.clusterName,
        admin: request.admin,
        endpoints,
        credential: {
            getToken: async (scopes) => credential.getToken(scopes),
        },
        clientId: request.clientId,
    });
    lib_core/* info */.pq(`Azure Resource Manager (${endpoints.resourceManager}) issued the ${kubeconfig.name} kubeconfig of ${request.resourceGroup}/${request.clusterName}`);
    return prepareClusterAccess({
        kubeconfig: kubeconfig.text,
        tokens: { getToken: (scope) => credential.getToken(scope) },
        onCredentialPath: request.onCredentialPath,
        env,
    });
}
/**
 * GitHub ID tokens for the Entra ID exchanges: a fresh one each time when
 * the job may request them; otherwise the federated token file
 * actions/azure-login exported.
 */
function idTokenSource(env) {
    return async (audience) => {
        if (env['ACTIONS_ID_TOKEN_REQUEST_URL'] && env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'])
            return requestGitHubIdToken(audience);
        const file = env['AZURE_FEDERATED_TOKEN_FILE']?.trim();
        if (file) {
            let token;
            try {
                token = (await (0,promises_.readFile)(file, 'utf8')).trim();
            }
            catch (error) {
                throw new errors/* ConfigurationError */.j1(`AZURE_FEDERATED_TOKEN_FILE (${file}) cannot be read: ${error.message}`);
            }
            (0,secrets/* registerSecret */.cl)(token);
            return token;
        }
        assertIdTokenAvailable(env);
        return requestGitHubIdToken(audience);
    };
}
/** Every distinct image applied; pinned ones as `registry/repository@sha256:…`. */
function deployedImages(prepared) {
    const images = [];
    for (const use of prepared.images) {
        const image = canonicalImage(use.image);
        if (image && !images.includes(image))
            images.push(image);
    }
    return images;
}
function imagesUsedBy(prepared, defaultNamespace) {
    const byImage = new Map();
    for (const use of prepared.images) {
        const image = canonicalImage(use.image);
        if (!image)
            continue;
        const who = `${use.kind} ${use.namespace ?? defaultNamespace}/${use.object}: ${use.container}`;
        byImage.set(image, [...(byImage.get(image) ?? []), who]);
    }
    return [...byImage].map(([image, usedBy]) => ({ image, usedBy }));
}
function canonicalImage(image) {
    if (image === '')
        return undefined;
    try {
        const ref = (0,reference/* parseImageReference */.o_)(image);
        return ref.digest ? (0,reference/* pinnedReference */.ct)(ref, ref.digest) : image;
    }
    catch {
        return image;
    }
}
function deploy_digestOf(image) {
    try {
        return (0,reference/* parseImageReference */.o_)(image).digest;
    }
    catch {
        return undefined;
    }
}
function failedSentence(failed) {
    return `the rollout failed: ${failed.map((w) => `${describeRef(w.step.ref)}: ${w.message}`).join('; ')}`;
}
function rollbackNote(rollbacks) {
    if (rollbacks.length === 0)
        return '';
    const ok = rollbacks.filter((r) => r.ok);
    const bad = rollbacks.filter((r) => !r.ok);
    const parts = [];
    if (ok.length > 0) {
        parts.push(`rolled back ${ok.map((r) => `${describeRef(r.step.ref)} to revision ${r.step.rollbackTo ?? '?'}`).join(', ')}`);
    }
    if (bad.length > 0)
        parts.push(`rollback failed for ${bad.map((r) => `${describeRef(r.step.ref)} (${r.message})`).join(', ')}`);
    return `; ${parts.join('; ')}`;
}
/** What kubectl said (its stderr), on one line. */
function firstLines(error) {
    const text = error instanceof exec/* ExecError */.c && error.stderrTail.trim()
        ? error.stderrTail
        : String(error?.message ?? error);
    return text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)
        .join(' | ');
}


/***/ }),

/***/ 3361:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ ExecError),
/* harmony export */   m: () => (/* binding */ exec)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_string_decoder__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6193);
/* harmony import */ var node_string_decoder__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_string_decoder__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _runtime_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5862);
/* harmony import */ var _runtime_secrets_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5556);





/** A process that failed, timed out or could not start. */
class ExecError extends _runtime_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .OperationError */ .OK {
    command;
    exitCode;
    stderrTail;
    timedOut;
    name = 'ExecError';
    constructor(message, command, exitCode, stderrTail, timedOut) {
        super(message);
        this.command = command;
        this.exitCode = exitCode;
        this.stderrTail = stderrTail;
        this.timedOut = timedOut;
    }
}
const STDERR_TAIL_LINES = 20;
const KILL_GRACE_MS = 5000;
/** stderr is kept only as a bounded tail; it is for error messages, not for parsing. */
const STDERR_KEEP_BYTES = 256 * 1024;
async function exec(command, args, options) {
    const name = node_path__WEBPACK_IMPORTED_MODULE_1___default().basename(command);
    // A secret on a command line is visible to every process on the machine: refuse it outright.
    if (args.some(_runtime_secrets_js__WEBPACK_IMPORTED_MODULE_3__/* .containsSecret */ .At) || (0,_runtime_secrets_js__WEBPACK_IMPORTED_MODULE_3__/* .containsSecret */ .At)(command)) {
        throw new Error(`refusing to run ${name}: a secret would appear on its command line`);
    }
    const started = Date.now();
    const echoStdout = options.echoStdout ?? true;
    const echoStderr = options.echoStderr ?? true;
    const maxStdout = options.maxStdoutBytes ?? 64 * 1024 * 1024;
    return new Promise((resolve, reject) => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(command, [...args], {
            cwd: options.cwd,
            env: options.env ?? process.env,
            shell: false,
            windowsHide: true,
            stdio: ['pipe', 'pipe', 'pipe'],
        });
        const stdoutChunks = [];
        let stdoutBytes = 0;
        let stderr = '';
        // Decoders keep multi-byte characters whole across chunks; echoes keep
        // lines whole so that a secret split across two chunks is still redacted.
        const stderrDecoder = new node_string_decoder__WEBPACK_IMPORTED_MODULE_2__.StringDecoder('utf8');
        const stdoutEcho = lineEcho(process.stdout);
        const stderrEcho = lineEcho(process.stderr);
        let timedOut = false;
        let overflow = false;
        let settled = false;
        const timer = setTimeout(() => {
            timedOut = true;
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS).unref();
        }, options.timeoutMs);
        child.stdout.on('data', (chunk) => {
            stdoutBytes += chunk.length;
            if (stdoutBytes > maxStdout) {
                if (!overflow) {
                    overflow = true;
                    child.kill('SIGTERM');
                }
                return;
            }
            stdoutChunks.push(chunk);
            if (echoStdout)
                stdoutEcho.write(chunk);
        });
        child.stderr.on('data', (chunk) => {
            const text = stderrDecoder.write(chunk);
            stderr += text;
            if (stderr.length > STDERR_KEEP_BYTES)
                stderr = stderr.slice(-STDERR_KEEP_BYTES);
            if (echoStderr)
                stderrEcho.write(chunk);
        });
        child.stdin.on('error', () => {
            /* the child may exit before reading its input; the exit code tells the story */
        });
        if (options.input !== undefined)
            child.stdin.end(options.input);
        else
            child.stdin.end();
        const finish = (fn) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            fn();
        };
        child.on('error', (error) => {
            finish(() => {
                const why = error.code === 'ENOENT' ? 'not found' : error.message;
                reject(new ExecError(`${name} could not be started: ${why}`, name, undefined, '', false));
            });
        });
        child.on('close', (code, signal) => {
            stderr += stderrDecoder.end();
            if (echoStdout)
                stdoutEcho.end();
            if (echoStderr)
                stderrEcho.end();
            finish(() => {
                const durationMs = Date.now() - started;
                const tail = stderrTail(stderr);
                const exitCode = code ?? 128;
                if (timedOut) {
                    reject(new ExecError(`${name} timed out after ${formatMs(options.timeoutMs)}${tailText(tail)}`, name, code ?? undefined, tail, true));
                    return;
                }
                if (overflow) {
                    reject(new ExecError(`${name} wrote more than ${maxStdout} bytes to stdout`, name, code ?? undefined, tail, false));
                    return;
                }
                if (!(options.okExitCodes ?? [0]).includes(exitCode) || signal) {
                    const how = signal ? `was killed by ${signal}` : `exited with code ${exitCode}`;
                    reject(new ExecError(`${name} ${how}${tailText(tail)}`, name, exitCode, tail, false));
                    return;
                }
                resolve({ exitCode, stdout: Buffer.concat(stdoutChunks).toString('utf8'), stderr, durationMs });
            });
        });
    });
}
/** Echoes a stream to the log line by line, redacted; the last partial line on end. */
function lineEcho(out) {
    const decoder = new node_string_decoder__WEBPACK_IMPORTED_MODULE_2__.StringDecoder('utf8');
    let pending = '';
    return {
        write(chunk) {
            pending += decoder.write(chunk);
            const cut = pending.lastIndexOf('\n');
            if (cut < 0)
                return;
            out.write((0,_runtime_secrets_js__WEBPACK_IMPORTED_MODULE_3__/* .redactSecrets */ .fp)(pending.slice(0, cut + 1)));
            pending = pending.slice(cut + 1);
        },
        end() {
            pending += decoder.end();
            if (pending)
                out.write((0,_runtime_secrets_js__WEBPACK_IMPORTED_MODULE_3__/* .redactSecrets */ .fp)(`${pending}\n`));
            pending = '';
        },
    };
}
function formatMs(ms) {
    return ms < 1000 ? `${ms}ms` : `${Math.round(ms / 1000)}s`;
}
function stderrTail(stderr) {
    const lines = (0,_runtime_secrets_js__WEBPACK_IMPORTED_MODULE_3__/* .redactSecrets */ .fp)(stderr).trimEnd().split(/\r?\n/);
    return lines.slice(-STDERR_TAIL_LINES).join('\n');
}
function tailText(tail) {
    return tail ? `; last lines of stderr:\n${tail}` : '';
}


/***/ }),

/***/ 1030:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   hO: () => (/* binding */ renderManifests)
/* harmony export */ });
/* unused harmony exports kustomizeArgs, helmTemplateArgs, releaseName, joinDocuments */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6058);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3361);
/* harmony import */ var _runtime_errors_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5862);
/* harmony import */ var _tools_installer_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4130);
/* harmony import */ var _tools_manifest_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8693);







/** `kubectl kustomize <dir>`: the build printed on stdout. */
function kustomizeArgs(dir) {
    return ['kustomize', dir];
}
/** `helm template <release> <chart> --kube-version vX.Y.0 [--namespace ns] --values …`: the manifests printed on stdout. */
function helmTemplateArgs(o) {
    return [
        'template',
        o.release,
        o.chart,
        '--kube-version',
        helmKubeVersion(o.kubernetesVersion),
        ...(o.namespace ? ['--namespace', o.namespace] : []),
        ...o.values.flatMap((v) => ['--values', v]),
    ];
}
/** A Helm release name from a chart path: a DNS label of at most 53 characters. */
function releaseName(chart) {
    const base = node_path__WEBPACK_IMPORTED_MODULE_2___default().basename(chart)
        .replace(/\.tgz$/i, '')
        .replace(/-\d+\.\d+\.\d+.*$/, '');
    const label = base
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 53)
        .replace(/-+$/, '');
    return label || 'release';
}
/** Helm reads `--kube-version` as a semantic version: `v1.33` becomes `v1.33.0`. */
function helmKubeVersion(version) {
    const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec(version.trim());
    if (!match)
        throw new _runtime_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .OperationError */ .OK(`'${version}' is not a Kubernetes version such as v1.33`);
    return `v${match[1]}.${match[2]}.${match[3] ?? '0'}`;
}
/** Renders every source in order into one multi-document file. */
async function renderManifests(request) {
    const outputs = [];
    let renderer;
    if (request.render === 'kustomize') {
        const kubectl = request.kubectlPath
            ? { path: request.kubectlPath, label: `kubectl (${request.kubectlPath})` }
            : await findKubectl(request.mirror);
        renderer = kubectl.label;
        for (const dir of request.sources) {
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`kubectl kustomize ${dir}`);
            const r = await (0,_exec_js__WEBPACK_IMPORTED_MODULE_3__/* .exec */ .m)(kubectl.path, kustomizeArgs(dir), { timeoutMs: request.timeoutMs, echoStdout: false });
            outputs.push(r.stdout);
        }
    }
    else {
        const installed = await new _tools_installer_js__WEBPACK_IMPORTED_MODULE_4__/* .ToolInstaller */ .b(_tools_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .TOOL_MANIFEST */ .x).install({
            tool: 'helm',
            ...(request.helm?.version ? { version: request.helm.version } : {}),
            ...(request.helm?.sha256 ? { sha256: request.helm.sha256 } : {}),
            ...(request.mirror ? { mirror: request.mirror } : {}),
        });
        renderer = `helm ${installed.version}`;
        for (const chart of request.sources) {
            const args = helmTemplateArgs({
                release: request.releaseName ?? releaseName(chart),
                chart,
                values: request.helmValues,
                kubernetesVersion: request.kubernetesVersion,
                ...(request.namespace ? { namespace: request.namespace } : {}),
            });
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`helm ${args.join(' ')}`);
            const r = await (0,_exec_js__WEBPACK_IMPORTED_MODULE_3__/* .exec */ .m)(installed.path, args, { timeoutMs: request.timeoutMs, echoStdout: false });
            outputs.push(r.stdout);
        }
    }
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(node_path__WEBPACK_IMPORTED_MODULE_2___default().dirname(request.outFile), { recursive: true });
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(request.outFile, joinDocuments(outputs));
    return { file: request.outFile, renderer };
}
/** Several multi-document streams as one: each ends with a newline, a `---` line between them. */
function joinDocuments(outputs) {
    return outputs
        .map((o) => o.replace(/\s+$/, ''))
        .filter((o) => o !== '')
        .map((o) => `${o}\n`)
        .join('---\n');
}
/** The kubectl on PATH, else the pinned one (installed and verified). */
async function findKubectl(mirror) {
    const { which } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 8701));
    const onPath = await which('kubectl', false);
    if (onPath)
        return { path: onPath, label: `kubectl (${onPath})` };
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq('kubectl is not on PATH: installing the pinned kubectl');
    const installed = await new _tools_installer_js__WEBPACK_IMPORTED_MODULE_4__/* .ToolInstaller */ .b(_tools_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .TOOL_MANIFEST */ .x).install({
        tool: 'kubectl',
        ...(mirror ? { mirror } : {}),
    });
    return { path: installed.path, label: `kubectl ${installed.version}` };
}


/***/ }),

/***/ 4130:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  b: () => (/* binding */ ToolInstaller)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var core = __webpack_require__(6058);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./lib/runtime/errors.ts
var errors = __webpack_require__(5862);
// EXTERNAL MODULE: ./lib/tools/asset-url.ts
var asset_url = __webpack_require__(6098);
// EXTERNAL MODULE: ./lib/tools/compromised.ts
var compromised = __webpack_require__(3048);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js
var lib = __webpack_require__(2779);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
;// CONCATENATED MODULE: ./lib/tools/download.ts







const DEFAULT_RETRY = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 30_000, maxTotalMs: 180_000 };
class RetryableError extends Error {
    retryAfterMs;
    constructor(message, retryAfterMs) {
        super(message);
        this.retryAfterMs = retryAfterMs;
    }
}
async function downloadFile(url, destination, options = {}) {
    const retry = options.retry ?? DEFAULT_RETRY;
    const sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    const client = new lib/* HttpClient */.Qq(options.userAgent ?? 'devsecops-actions-aks', [], {
        allowRetries: false,
        allowRedirects: true,
        maxRedirects: 10,
    });
    const started = Date.now();
    let lastError = '';
    try {
        for (let attempt = 1; attempt <= retry.attempts; attempt++) {
            try {
                const result = await downloadOnce(client, url, destination);
                return { ...result, attempts: attempt };
            }
            catch (error) {
                if (!(error instanceof RetryableError))
                    throw error;
                lastError = error.message;
                const backoff = Math.min(retry.baseDelayMs * 2 ** (attempt - 1), retry.maxDelayMs);
                const wait = Math.min(error.retryAfterMs ?? backoff, retry.maxDelayMs);
                if (attempt === retry.attempts || Date.now() - started + wait > retry.maxTotalMs)
                    break;
                await sleep(wait);
            }
        }
    }
    finally {
        client.dispose();
    }
    await (0,promises_.rm)(destination, { force: true });
    throw new errors/* OperationError */.OK(`download of ${url} failed after retries: ${lastError}`);
}
async function downloadOnce(client, url, destination) {
    let response;
    try {
        response = await client.get(url);
    }
    catch (error) {
        throw new RetryableError(`connection failed (${error.message})`);
    }
    const status = response.message.statusCode ?? 0;
    if (status !== 200) {
        response.message.resume();
        if (status === 429 || status >= 500) {
            throw new RetryableError(`HTTP ${status}`, parseRetryAfter(response.message.headers['retry-after']));
        }
        throw new errors/* OperationError */.OK(`download of ${url} failed: HTTP ${status}`);
    }
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let bytes = 0;
    const tap = new external_node_stream_.Transform({
        transform(chunk, _encoding, callback) {
            hash.update(chunk);
            bytes += chunk.length;
            callback(null, chunk);
        },
    });
    try {
        await (0,external_node_stream_promises_.pipeline)(response.message, tap, (0,external_node_fs_.createWriteStream)(destination, { mode: 0o600 }));
    }
    catch (error) {
        await (0,promises_.rm)(destination, { force: true });
        throw new RetryableError(`transfer interrupted (${error.message})`);
    }
    return { sha256: hash.digest('hex'), bytes };
}
/** Retry-After is either seconds or an HTTP date. */
function parseRetryAfter(header, now = Date.now()) {
    const value = Array.isArray(header) ? header[0] : header;
    if (value === undefined || value.trim() === '')
        return undefined;
    if (/^\d+$/.test(value.trim()))
        return Number(value.trim()) * 1000;
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

;// CONCATENATED MODULE: ./lib/tools/platform.ts
/** The platform this process runs on, or undefined when no tool is published for it. */
function currentPlatform(platform = process.platform, arch = process.arch) {
    const key = `${platform}-${arch}`;
    const known = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64'];
    return known.find((p) => p === key);
}

;// CONCATENATED MODULE: ./lib/tools/installer.ts










/** Marker in a cached tool directory: the sha256 of the archive it was unpacked from. */
const VERIFIED_MARKER = '.devsecops-sha256';
/**
 * Installs pinned tools: tool cache first, otherwise download, verify the
 * sha256 before anything is unpacked (a mismatch fails closed and caches
 * nothing), unpack, cache, and add to PATH.
 */
class ToolInstaller {
    manifest;
    options;
    constructor(manifest, options = {}) {
        this.manifest = manifest;
        this.options = options;
    }
    async install(request) {
        const pinned = this.manifest[request.tool];
        const platform = this.options.platform ?? currentPlatform();
        if (!platform)
            throw new errors/* OperationError */.OK(`${request.tool} is not published for ${process.platform}-${process.arch}`);
        const version = (request.version ?? pinned.version).replace(/^v/, '');
        if ((0,compromised/* isCompromisedRelease */.o)(request.tool, version)) {
            throw new errors/* ConfigurationError */.j1(`${request.tool} ${version} is a known compromised release and will not be installed`);
        }
        const location = pinned.locate(version, platform);
        if (!location)
            throw new errors/* OperationError */.OK(`${request.tool} ${version} is not published for ${platform}`);
        const expected = this.expectedSha256(request, pinned, version, platform);
        const executable = pinned.executable(version, platform) + (platform.startsWith('win32') ? '.exe' : '');
        const arch = platform.split('-')[1] ?? process.arch;
        const tc = await __webpack_require__.e(/* import() */ 805).then(__webpack_require__.bind(__webpack_require__, 9805));
        const cached = tc.find(request.tool, version, arch);
        if (cached && (await readMarker(cached)) === expected) {
            core/* info */.pq(`${request.tool} ${version} found in the tool cache`);
            return this.finish(request, version, cached, executable, true);
        }
        const url = (0,asset_url/* assetUrl */.u)(pinned, version, location, request.mirror);
        const work = external_node_path_default().join(process.env['RUNNER_TEMP'] || external_node_os_default().tmpdir(), `devsecops-${(0,external_node_crypto_.randomUUID)()}`);
        await (0,promises_.mkdir)(work, { recursive: true });
        try {
            const archive = external_node_path_default().join(work, location.file);
            core/* info */.pq(`downloading ${request.tool} ${version} from ${url}`);
            const result = await downloadFile(url, archive, this.options.retry ? { retry: this.options.retry } : {});
            if (result.sha256 !== expected) {
                throw new errors/* OperationError */.OK(`checksum mismatch for ${url}: expected sha256 ${expected}, got ${result.sha256}; the file was discarded and nothing was cached`);
            }
            const unpacked = external_node_path_default().join(work, 'unpacked');
            await (0,promises_.mkdir)(unpacked, { recursive: true });
            await unpack(tc, archive, location.file, unpacked, executable);
            await (0,promises_.stat)(external_node_path_default().join(unpacked, executable)).catch(() => {
                throw new errors/* OperationError */.OK(`${location.file} does not contain ${executable}`);
            });
            await (0,promises_.writeFile)(external_node_path_default().join(unpacked, VERIFIED_MARKER), `${expected}\n`);
            const dir = await tc.cacheDir(unpacked, request.tool, version, arch);
            return this.finish(request, version, dir, executable, false);
        }
        finally {
            await (0,promises_.rm)(work, { recursive: true, force: true });
        }
    }
    expectedSha256(request, pinned, version, platform) {
        if (request.sha256)
            return request.sha256.toLowerCase();
        if (version !== pinned.version) {
            throw new errors/* ConfigurationError */.j1(`${request.tool} ${version} is not the pinned version (${pinned.version}); give its sha256 too`);
        }
        const asset = pinned.assets[platform];
        if (!asset) {
            throw new errors/* ConfigurationError */.j1(`no pinned checksum for ${request.tool} ${version} on ${platform}; choose a version and give its sha256`);
        }
        return asset.sha256;
    }
    finish(request, version, dir, executable, fromCache) {
        const file = external_node_path_default().join(dir, executable);
        if (request.addToPath ?? true)
            core/* addPath */.fM(external_node_path_default().dirname(file));
        return { tool: request.tool, version, path: file, dir, fromCache };
    }
}
async function unpack(tc, archive, file, into, executable) {
    if (file.endsWith('.tar.gz') || file.endsWith('.tgz')) {
        await tc.extractTar(archive, into, ['xz', '--no-same-owner']);
    }
    else if (file.endsWith('.zip')) {
        await tc.extractZip(archive, into);
    }
    else {
        const target = external_node_path_default().join(into, executable);
        await (0,promises_.mkdir)(external_node_path_default().dirname(target), { recursive: true });
        await (0,promises_.copyFile)(archive, target);
    }
    await (0,promises_.chmod)(external_node_path_default().join(into, executable), 0o755).catch(() => undefined);
}
async function readMarker(dir) {
    try {
        return (await (0,promises_.readFile)(external_node_path_default().join(dir, VERIFIED_MARKER), 'utf8')).trim();
    }
    catch {
        return undefined;
    }
}


/***/ }),

/***/ 8693:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   x: () => (/* binding */ TOOL_MANIFEST)
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
