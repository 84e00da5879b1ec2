export const id = 818;
export const ids = [818];
export const modules = {

/***/ 65818:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  readKubeScoreReport: () => (/* binding */ readKubeScoreReport),
  runKubeScoreScan: () => (/* binding */ runKubeScoreScan)
});

// UNUSED EXPORTS: KUBE_SCORE_REPORT_FILE, RENDERED_MANIFESTS_FILE, workspaceManifestSource

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./lib/exec.ts + 1 modules
var exec = __webpack_require__(33732);
// EXTERNAL MODULE: ./lib/runtime/errors.ts
var errors = __webpack_require__(35862);
// EXTERNAL MODULE: ./lib/runtime/secrets.ts
var secrets = __webpack_require__(45556);
// EXTERNAL MODULE: ./lib/findings/fingerprint.ts
var fingerprint = __webpack_require__(72953);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
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
                findings.push(n === 0 ? f : { ...f, fingerprint: (0,fingerprint/* fingerprint */.R)([f.fingerprint, n]) });
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
            fingerprint: (0,fingerprint/* fingerprint */.R)([
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

// EXTERNAL MODULE: ./lib/tools/installer.ts + 2 modules
var installer = __webpack_require__(94130);
// EXTERNAL MODULE: ./lib/tools/manifest.ts
var manifest = __webpack_require__(28693);
;// CONCATENATED MODULE: ./lib/k8s/render-manifests.ts







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
    const base = external_node_path_default().basename(chart)
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
        throw new errors/* OperationError */.OK(`'${version}' is not a Kubernetes version such as v1.33`);
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
            core/* info */.pq(`kubectl kustomize ${dir}`);
            const r = await (0,exec/* exec */.m)(kubectl.path, kustomizeArgs(dir), { timeoutMs: request.timeoutMs, echoStdout: false });
            outputs.push(r.stdout);
        }
    }
    else {
        const installed = await new installer/* ToolInstaller */.b(manifest/* TOOL_MANIFEST */.x).install({
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
            core/* info */.pq(`helm ${args.join(' ')}`);
            const r = await (0,exec/* exec */.m)(installed.path, args, { timeoutMs: request.timeoutMs, echoStdout: false });
            outputs.push(r.stdout);
        }
    }
    await (0,promises_.mkdir)(external_node_path_default().dirname(request.outFile), { recursive: true });
    await (0,promises_.writeFile)(request.outFile, joinDocuments(outputs));
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
    const { which } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 88701));
    const onPath = await which('kubectl', false);
    if (onPath)
        return { path: onPath, label: `kubectl (${onPath})` };
    core/* info */.pq('kubectl is not on PATH: installing the pinned kubectl');
    const installed = await new installer/* ToolInstaller */.b(manifest/* TOOL_MANIFEST */.x).install({
        tool: 'kubectl',
        ...(mirror ? { mirror } : {}),
    });
    return { path: installed.path, label: `kubectl ${installed.version}` };
}

// EXTERNAL MODULE: ./lib/runtime/inputs.ts
var inputs = __webpack_require__(28364);
;// CONCATENATED MODULE: ./lib/scan/kube-score-scan.ts









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
    const kubernetesVersion = request.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
    await (0,promises_.mkdir)(request.outDir, { recursive: true });
    const extraFiles = [];
    let files = request.sources;
    let rendered;
    if (request.render !== 'none') {
        const result = await renderManifests({
            render: request.render,
            sources: request.sources,
            helmValues: request.helmValues,
            kubernetesVersion,
            outFile: external_node_path_default().join(request.outDir, RENDERED_MANIFESTS_FILE),
            timeoutMs: request.timeoutMs,
            ...(request.helm ? { helm: request.helm } : {}),
            ...(request.mirror ? { mirror: request.mirror } : {}),
        });
        rendered = result.file;
        files = [rendered];
        extraFiles.push({ label: 'Rendered manifests', path: rendered });
        core/* info */.pq(`rendered ${request.sources.length} source(s) with ${result.renderer} into ${rendered}`);
    }
    const installed = await new installer/* ToolInstaller */.b(manifest/* TOOL_MANIFEST */.x).install({
        tool: 'kube-score',
        ...(request.tool.version ? { version: request.tool.version } : {}),
        ...(request.tool.sha256 ? { sha256: request.tool.sha256 } : {}),
        ...(request.mirror ? { mirror: request.mirror } : {}),
    });
    const kubeScore = new KubeScore(installed.path);
    const version = await kubeScore.version();
    core/* info */.pq(`kube-score ${version}, checking against Kubernetes ${KubeScore.kubernetesVersionArg(kubernetesVersion)}`);
    const text = await kubeScore.score({
        kubernetesVersion,
        ignoreTests: request.ignoreTests,
        optionalTests: request.optionalTests,
        files,
        timeoutMs: request.timeoutMs,
    });
    const reportFile = external_node_path_default().join(request.outDir, KUBE_SCORE_REPORT_FILE);
    await (0,promises_.writeFile)(reportFile, text);
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
            byPath.set(external_node_path_default().resolve(file), await fileSource(file, workspace));
        source = (fileName) => byPath.get(external_node_path_default().resolve(fileName)) ?? workspaceManifestSource(fileName, workspace);
    }
    const report = KubeScore.parseReport(text, { source });
    core/* info */.pq(`kube-score scored ${report.objects} object(s)`);
    return { findings: report.findings, toolVersion: version, extraFiles };
}
/** An existing kube-score JSON report, processed without running kube-score; positions from the files it names. */
async function readKubeScoreReport(file, workspace) {
    const root = realOrSelf(workspace);
    const report = KubeScore.parseReport(await (0,promises_.readFile)(file, 'utf8'), {
        source: (fileName) => workspaceManifestSource(fileName, root),
    });
    return { findings: report.findings };
}
async function fileSource(file, workspace) {
    const text = await (0,promises_.readFile)(file, 'utf8');
    const real = realOrSelf(file);
    if ((0,inputs/* isInside */.FK)(workspace, real)) {
        const rel = toPosix(external_node_path_default().relative(workspace, real));
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
    const direct = external_node_path_default().resolve(fileName);
    if (external_node_path_default().isAbsolute(fileName) && (0,inputs/* isInside */.FK)(workspace, direct)) {
        const found = readWorkspaceFile(toPosix(external_node_path_default().relative(workspace, direct)), workspace, false);
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
    const candidate = external_node_path_default().resolve(workspace, relative);
    if (!(0,inputs/* isInside */.FK)(workspace, candidate) || !(0,external_node_fs_.existsSync)(candidate))
        return undefined;
    const real = realOrSelf(candidate);
    if (!(0,inputs/* isInside */.FK)(workspace, real) || !(0,external_node_fs_.statSync)(real).isFile())
        return undefined;
    const rel = toPosix(external_node_path_default().relative(workspace, real));
    return { file: rel, label: rel, text: (0,external_node_fs_.readFileSync)(real, 'utf8'), ...(guessed ? { guessed: true } : {}) };
}
function realOrSelf(p) {
    try {
        return (0,external_node_fs_.realpathSync)(p);
    }
    catch {
        return external_node_path_default().resolve(p);
    }
}
function toPosix(p) {
    return p.split((external_node_path_default()).sep).join('/');
}


/***/ })

};
