export const id = 455;
export const ids = [455];
export const modules = {

/***/ 19455:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runZapFromInputs: () => (/* binding */ runZapFromInputs)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
// EXTERNAL MODULE: ./lib/runtime/errors.ts
var errors = __webpack_require__(35862);
;// CONCATENATED MODULE: ./lib/cli/zap-plan.ts


/** Where ZAP's container sees the output directory, and the plan inside it. */
const ZAP_WORK_DIR = '/zap/wrk';
const ZAP_PLAN_FILE = `${ZAP_WORK_DIR}/plan.yaml`;
/** Report file names, as the zaproxy actions name them. */
const ZAP_REPORT_FILES = {
    json: 'report_json.json',
    html: 'report_html.html',
    md: 'report_md.md',
};
const CONTEXT = 'target';
/**
 * The budget of each job: every bounded job gets at least one minute, so
 * with a budget smaller than the number of bounded jobs the plan may take a
 * little longer than `maxMinutes` (the total says how long).
 */
function zapBudget(mode, maxMinutes) {
    const m = Math.max(1, Math.floor(maxMinutes));
    if (mode === 'baseline') {
        const spider = Math.max(1, Math.floor(m / 2));
        const passiveScanWait = Math.max(1, m - spider);
        return { spider, passiveScanWait, totalMinutes: spider + passiveScanWait };
    }
    if (mode === 'full') {
        const spider = Math.max(1, Math.floor(m / 5));
        const passiveScanWait = Math.max(1, Math.floor(m / 10));
        const activeScan = Math.max(1, m - spider - passiveScanWait);
        return { spider, passiveScanWait, activeScan, totalMinutes: spider + passiveScanWait + activeScan };
    }
    const passiveScanWait = Math.max(1, Math.floor(m / 10));
    const activeScan = Math.max(1, m - passiveScanWait);
    return { passiveScanWait, activeScan, totalMinutes: passiveScanWait + activeScan };
}
function zapPlan(options) {
    const target = planUrl(options.target, 'target');
    const budget = zapBudget(options.mode, options.maxMinutes);
    const jobs = [
        {
            type: 'passiveScan-config',
            parameters: { scanOnlyInScope: true, enableTags: false },
        },
    ];
    if (options.mode === 'api') {
        if (!options.api)
            throw new Error("zap-plan: mode 'api' needs an API definition");
        jobs.push(importJob(options.api, target));
    }
    else {
        jobs.push({
            type: 'spider',
            parameters: { context: CONTEXT, url: target, maxDuration: budget.spider },
        });
    }
    jobs.push({ type: 'passiveScan-wait', parameters: { maxDuration: budget.passiveScanWait } });
    if (budget.activeScan !== undefined) {
        jobs.push({
            type: 'activeScan',
            parameters: { context: CONTEXT, maxScanDurationInMins: budget.activeScan },
        });
    }
    const title = options.title ?? `ZAP ${options.mode} scan of ${target}`;
    for (const [template, file] of [
        ['traditional-json', ZAP_REPORT_FILES.json],
        ['traditional-html', ZAP_REPORT_FILES.html],
        ['traditional-md', ZAP_REPORT_FILES.md],
    ]) {
        jobs.push({
            type: 'report',
            parameters: { template, reportDir: ZAP_WORK_DIR, reportFile: file, reportTitle: title },
        });
    }
    const document = {
        env: {
            contexts: [{ name: CONTEXT, urls: [target] }],
            parameters: { failOnError: true, failOnWarning: false, continueOnFailure: false, progressToStdout: true },
        },
        jobs,
    };
    return { text: (0,dist/* stringify */.As)(document, { lineWidth: 0 }), budget, document };
}
function importJob(api, target) {
    const source = (urlKey, fileKey) => {
        if (api.file)
            return { [fileKey]: api.file };
        if (api.url)
            return { [urlKey]: planUrl(api.url, 'zap-api-definition') };
        throw new Error('zap-plan: an API definition needs a URL or a file');
    };
    if (api.format === 'soap')
        return { type: 'soap', parameters: source('wsdlUrl', 'wsdlFile') };
    if (api.format === 'graphql') {
        const endpoint = planUrl(api.endpoint ?? target, 'zap-api-definition');
        // A definition that is the endpoint itself is read by introspection.
        const schema = api.url && api.url === api.endpoint ? {} : source('schemaUrl', 'schemaFile');
        return { type: 'graphql', parameters: { endpoint, ...schema } };
    }
    // The target overrides the servers the definition names, so the scan hits the deployment under test.
    return { type: 'openapi', parameters: { ...source('apiUrl', 'apiFile'), targetUrl: target } };
}
/**
 * A URL as the plan gets it. The Automation Framework replaces `${NAME}`
 * with environment variables anywhere in a plan, so a URL must not carry one.
 */
function planUrl(value, what) {
    const href = new URL(value).href;
    if (href.includes('${')) {
        throw new errors/* ConfigurationError */.j1(`input '${what}' must not contain '\${' (ZAP would read it as a variable); got '${value}'`);
    }
    return href;
}
/**
 * Which kind of API definition a file or URL holds. Files are told by their
 * content (WSDL, GraphQL schema language, or an OpenAPI/Swagger document);
 * URLs by their path: `.wsdl` or `?wsdl` is SOAP, `.graphql`/`.gql` a GraphQL
 * schema, a path ending in `/graphql` a GraphQL endpoint (read by
 * introspection), anything else OpenAPI. Undefined when a file is none of them.
 */
function apiDefinitionFormat(definition) {
    if ('url' in definition) {
        const url = new URL(definition.url);
        const pathName = url.pathname.toLowerCase();
        if (pathName.endsWith('.wsdl') || /(^|&)wsdl(=|&|$)/i.test(url.search.slice(1)))
            return { format: 'soap' };
        if (/\.(graphql|graphqls|gql)$/.test(pathName))
            return { format: 'graphql' };
        if (/\/graphql\/?$/.test(pathName))
            return { format: 'graphql', endpoint: true };
        return { format: 'openapi' };
    }
    const text = definition.content.replace(/^\uFEFF/, '');
    const head = text.slice(0, 64 * 1024);
    if (/<(?:[A-Za-z0-9_-]+:)?definitions\b/.test(head) && /wsdl/i.test(head))
        return { format: 'soap' };
    if (/^\s*(?:openapi|swagger)\s*:/m.test(head) || /["'](?:openapi|swagger)["']\s*:/.test(head)) {
        return { format: 'openapi' };
    }
    const sdl = /^\s*(?:extend\s+)?(?:(?:type|input|interface|enum)\s+[A-Za-z_]\w*[^\n:{]*\{|schema\s*\{|scalar\s+[A-Za-z_]\w*\s*$|union\s+[A-Za-z_]\w*\s*=|directive\s+@)/m;
    if (/\.(graphql|graphqls|gql)$/i.test(definition.file) || sdl.test(head))
        return { format: 'graphql' };
    return undefined;
}

;// CONCATENATED MODULE: ./lib/cli/zap-rules.ts

const ACTIONS = ['IGNORE', 'INFO', 'PASS', 'WARN', 'FAIL', 'OUTOFSCOPE'];
const RULE_ID = /^\d+(?:-\d+)?$/;
const FORMAT = '<rule id><TAB><IGNORE|INFO|WARN|FAIL|OUTOFSCOPE><TAB><name>';
function parseZapRules(text, source) {
    const rules = [];
    const lines = text.replace(/^\uFEFF/, '').split('\n');
    for (const [index, raw] of lines.entries()) {
        const line = raw.replace(/\r$/, '');
        const n = index + 1;
        if (line.trim() === '' || line.startsWith('#'))
            continue;
        const fail = (why) => {
            const shown = line.length > 120 ? `${line.slice(0, 120)}…` : line;
            throw new errors/* ConfigurationError */.j1(`input '${source.input}': ${source.file} line ${n}: ${why}; got '${shown.replace(/\t/g, '\\t')}'`);
        };
        const fields = line.split('\t');
        if (fields.length < 3) {
            fail(/\S\s+(IGNORE|INFO|PASS|WARN|FAIL|OUTOFSCOPE)\s/.test(line)
                ? `the fields must be separated by tabs, not spaces (${FORMAT})`
                : `expected 3 tab-separated fields (${FORMAT})`);
        }
        const [id = '', action = '', name = '', message] = fields.map((f) => f.trim());
        if (!ACTIONS.includes(action)) {
            fail(`'${action}' is not one of ${ACTIONS.join(', ')}`);
        }
        if (action === 'OUTOFSCOPE') {
            const ids = id.split(',').map((i) => i.trim());
            if (ids.some((i) => i !== '*' && !RULE_ID.test(i)))
                fail(`'${id}' is not a rule id, a list of rule ids, or *`);
            if (!name)
                fail('an OUTOFSCOPE rule needs a URL regular expression as its third field');
            let urlPattern;
            try {
                urlPattern = new RegExp(`^(?:${name})`);
            }
            catch (error) {
                return fail(`'${name}' is not a valid regular expression (${error.message})`);
            }
            for (const each of ids)
                rules.push({ id: each, action: 'OUTOFSCOPE', name, urlPattern, line: n });
            continue;
        }
        if (!RULE_ID.test(id))
            fail(`'${id}' is not a ZAP rule id such as 10020 or an alert reference such as 10055-4`);
        rules.push({
            id,
            action: action,
            name,
            ...(message ? { message } : {}),
            line: n,
        });
    }
    return rules;
}
/**
 * The findings with the rules applied. A rule for an alert reference
 * (`10055-4`) wins over one for its scan rule (`10055`); a later line for the
 * same id wins over an earlier one, as in ZAP.
 */
function applyZapRules(findings, rules, source) {
    const levels = new Map();
    const outOfScope = new Map();
    for (const rule of rules) {
        if (rule.action === 'OUTOFSCOPE') {
            outOfScope.set(rule.id, [...(outOfScope.get(rule.id) ?? []), rule.urlPattern]);
        }
        else {
            levels.set(rule.id, rule);
        }
    }
    return findings.map((finding) => {
        if (finding.tool !== 'zap')
            return finding;
        const ids = [...(finding.aliases ?? []), finding.ruleId];
        const scoped = withoutOutOfScope(finding, ['*', ...ids].flatMap((id) => outOfScope.get(id) ?? []), source);
        if (scoped.suppressed)
            return scoped;
        const rule = ids.map((id) => levels.get(id)).find((r) => r !== undefined);
        if (!rule)
            return scoped;
        switch (rule.action) {
            case 'IGNORE':
                return { ...scoped, suppressed: { source, reason: 'IGNORE rule' } };
            case 'FAIL':
                return { ...scoped, gateRule: 'fail' };
            default:
                return { ...scoped, gateRule: 'warn' };
        }
    });
}
function withoutOutOfScope(finding, patterns, source) {
    if (patterns.length === 0)
        return finding;
    const all = [finding.location, ...(finding.extraLocations ?? [])];
    const inScope = (loc) => !loc.url || !patterns.some((p) => p.test(loc.url));
    const kept = all.filter(inScope);
    if (kept.length === all.length)
        return finding;
    if (kept.length === 0)
        return { ...finding, suppressed: { source, reason: 'OUTOFSCOPE rule' } };
    const [first, ...rest] = kept;
    const { extraLocations: _dropped, ...base } = finding;
    return { ...base, location: first, ...(rest.length ? { extraLocations: rest } : {}) };
}

;// CONCATENATED MODULE: ./lib/cli/zap-user-plan.ts




const JSON_TEMPLATES = ['traditional-json', 'traditional-json-plus'];
const EXTENSIONS = {
    'traditional-json': 'json',
    'traditional-json-plus': 'json',
    'sarif-json': 'json',
    'traditional-html': 'html',
    'traditional-html-plus': 'html',
    'risk-confidence-html': 'html',
    'high-level-report': 'html',
    modern: 'html',
    'traditional-md': 'md',
    'traditional-xml': 'xml',
    'traditional-xml-plus': 'xml',
    'traditional-pdf': 'pdf',
};
const ADD_JSON_REPORT = `add a job {type: report, parameters: {template: traditional-json, reportDir: ${ZAP_WORK_DIR}, reportFile: report_json.json}} at the end of its jobs`;
function analyseZapPlan(text, source, env = process.env) {
    const fail = (why) => {
        throw new errors/* ConfigurationError */.j1(`input '${source.input}': ${source.file} ${why}`);
    };
    let doc;
    try {
        doc = (0,dist.parse)(text);
    }
    catch (error) {
        return fail(`is not valid YAML: ${error.message.split('\n')[0]}`);
    }
    if (!isObject(doc) || !Array.isArray(doc['jobs'])) {
        return fail("is not an Automation Framework plan: it has no 'jobs' list");
    }
    const envSection = isObject(doc['env']) ? doc['env'] : {};
    const vars = isObject(envSection['vars']) ? envSection['vars'] : {};
    const resolve = (value, where) => value.replace(/\$\{([^}]+)\}/g, (_whole, name) => {
        // As in ZAP, an environment variable wins over a plan variable of the same name.
        const v = env[name] ?? vars[name];
        if (v === undefined || v === null)
            return fail(`${where} uses \${${name}}, which is neither a plan variable nor set`);
        return String(v);
    });
    const reports = [];
    let hasExitStatus = false;
    for (const [i, job] of doc['jobs'].entries()) {
        if (!isObject(job))
            continue;
        if (job['type'] === 'exitStatus')
            hasExitStatus = true;
        if (job['type'] !== 'report')
            continue;
        const parameters = isObject(job['parameters']) ? job['parameters'] : {};
        const template = typeof parameters['template'] === 'string' ? parameters['template'] : 'risk-confidence-html';
        const reportDir = typeof parameters['reportDir'] === 'string' ? parameters['reportDir'] : undefined;
        if (reportDir === undefined)
            continue;
        const dir = workRelative(resolve(reportDir, `jobs[${i}].parameters.reportDir`));
        if (dir === undefined)
            continue;
        const reportFile = typeof parameters['reportFile'] === 'string' ? parameters['reportFile'] : undefined;
        const file = reportFile && !/\{\{|\[\[/.test(reportFile) ? resolve(reportFile, `jobs[${i}].parameters.reportFile`) : undefined;
        if (file !== undefined && (file.includes('/') || file.includes('\\') || file === '..')) {
            fail(`jobs[${i}].parameters.reportFile '${file}' must be a file name, not a path`);
        }
        reports.push({ template, dir, ...(file ? { file } : {}), extension: EXTENSIONS[template] ?? 'html' });
    }
    const jsonReport = reports.find((r) => JSON_TEMPLATES.includes(r.template));
    if (!jsonReport) {
        return fail(`has no report job writing a traditional-json report into ${ZAP_WORK_DIR}, which the action reads; ${ADD_JSON_REPORT}`);
    }
    const names = new Set();
    for (const match of text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g))
        names.add(match[1]);
    const contexts = Array.isArray(envSection['contexts']) ? envSection['contexts'] : [];
    const contextUrls = contexts.flatMap((c) => isObject(c) && Array.isArray(c['urls']) ? c['urls'].filter((u) => typeof u === 'string') : []);
    return {
        jsonReport,
        otherReports: reports.filter((r) => r !== jsonReport),
        environmentNames: [...names].sort(),
        hasExitStatus,
        contextUrls,
    };
}
/** A report directory relative to /zap/wrk, or undefined when it lies elsewhere in the container. */
function workRelative(dir) {
    const absolute = external_node_path_default().posix.resolve(ZAP_WORK_DIR, dir);
    const relative = external_node_path_default().posix.relative(ZAP_WORK_DIR, absolute);
    if (relative === '..' || relative.startsWith('../') || external_node_path_default().posix.isAbsolute(relative))
        return undefined;
    return relative;
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// EXTERNAL MODULE: ./lib/runtime/inputs.ts
var inputs = __webpack_require__(28364);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./lib/exec.ts + 1 modules
var exec = __webpack_require__(33732);
// EXTERNAL MODULE: ./lib/oci/reference.ts
var reference = __webpack_require__(4697);
// EXTERNAL MODULE: ./lib/findings/fingerprint.ts
var fingerprint = __webpack_require__(72953);
;// CONCATENATED MODULE: ./lib/cli/zap-html-text.ts
/*
 * ZAP writes an alert's description, solution, reference and other
 * information as small HTML fragments (`<p>…</p>`, sometimes `<br>`, `<ul>`,
 * entities). The findings engine works in plain text (SARIF, summary,
 * JSON), so they are turned into text here: block elements become line
 * breaks, list items become "- " lines, every other tag is dropped, entities
 * are decoded. Nothing is ever interpreted as markup: this only removes it.
 */
const NAMED_ENTITIES = {
    amp: '&',
    lt: '<',
    gt: '>',
    quot: '"',
    apos: "'",
    nbsp: ' ',
    ndash: '–',
    mdash: '—',
    hellip: '…',
    lsquo: '‘',
    rsquo: '’',
    ldquo: '“',
    rdquo: '”',
    copy: '©',
    reg: '®',
};
const BLOCK_TAGS = 'p|div|br|hr|h[1-6]|ul|ol|table|tr|pre|blockquote|section|article|header|footer';
function htmlToText(html) {
    if (!html)
        return '';
    const text = html
        // Script and style bodies are not text a reader wants.
        .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
        .replace(/<!--[\s\S]*?-->/g, '')
        .replace(/<li\b[^>]*>/gi, '\n- ')
        .replace(new RegExp(`<\\/?(?:${BLOCK_TAGS})\\b[^>]*>`, 'gi'), '\n')
        .replace(/<\/?(?:td|th)\b[^>]*>/gi, ' ')
        .replace(/<\/?[A-Za-z][^>]*>/g, '');
    return tidy(decodeEntities(text));
}
function decodeEntities(text) {
    return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, body) => {
        if (body[0] === '#') {
            const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
            return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
        }
        return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
    });
}
/** Control characters dropped (ZAP sometimes quotes binary responses), spaces collapsed per line, at most one blank line. */
function tidy(text) {
    return (text
        // eslint-disable-next-line no-control-regex
        .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/g, '')
        .replace(/\r\n?/g, '\n')
        .split('\n')
        .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
        .join('\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim());
}
/** The http(s) URLs in a reference field, in order, without duplicates. */
function referenceUrls(html) {
    const urls = [];
    for (const match of htmlToText(html).matchAll(/https?:\/\/[^\s<>"']+/g)) {
        const url = match[0].replace(/[.,;)]+$/, '');
        try {
            new URL(url);
        }
        catch {
            continue;
        }
        if (!urls.includes(url))
            urls.push(url);
    }
    return urls;
}

;// CONCATENATED MODULE: ./lib/cli/zap-report.ts



/** ZAP's riskcode: 3 High, 2 Medium, 1 Low, 0 Informational. */
const RISK = { 3: 'high', 2: 'medium', 1: 'low', 0: 'info' };
/** Confidence 0 is ZAP's "false positive": such alerts are not findings. */
const FALSE_POSITIVE = 0;
/** Locations kept per finding; the JSON of a large site stays readable and ZAP's own reports have them all. */
const MAX_ZAP_LOCATIONS = 100;
function zapAlertPage(pluginId) {
    return `https://www.zaproxy.org/docs/alerts/${encodeURIComponent(pluginId)}/`;
}
function parseZapReport(text) {
    let doc;
    if (typeof text === 'string') {
        try {
            doc = JSON.parse(text);
        }
        catch (error) {
            throw new errors/* OperationError */.OK(`the ZAP report is not valid JSON: ${error.message}`);
        }
    }
    else {
        doc = text;
    }
    if (!zap_report_isObject(doc) || !('site' in doc)) {
        throw new errors/* OperationError */.OK("the file is not a ZAP traditional JSON report: it has no 'site' list (write it with the report template traditional-json)");
    }
    const program = str(doc['@programName']);
    if (program !== undefined && !/zap/i.test(program)) {
        throw new errors/* OperationError */.OK(`the file is not a ZAP report: it was written by '${program}'`);
    }
    const findings = [];
    const used = new Set();
    const sites = [];
    for (const [index, site] of list(doc['site'], 'site').entries()) {
        if (!zap_report_isObject(site))
            throw new errors/* OperationError */.OK(`the ZAP report's site[${index}] is not an object`);
        const name = str(site['@name']);
        if (name === undefined)
            throw new errors/* OperationError */.OK(`the ZAP report's site[${index}] has no '@name'`);
        sites.push(name);
        for (const [i, alert] of list(site['alerts'], `site[${index}].alerts`).entries()) {
            if (!zap_report_isObject(alert))
                throw new errors/* OperationError */.OK(`the ZAP report's site[${index}].alerts[${i}] is not an object`);
            const finding = alertFinding(alert, name, `site[${index}].alerts[${i}]`);
            if (!finding)
                continue;
            // Two alerts of one rule with the same name on one site (ZAP also groups by risk and confidence)
            // keep distinct fingerprints, told apart by what distinguishes them rather than by report order.
            let unique = finding;
            if (used.has(unique.fingerprint)) {
                const distinct = (0,fingerprint/* fingerprint */.R)([
                    finding.fingerprint,
                    str(alert['alertRef']),
                    finding.severity,
                    num(alert['confidence']),
                ]);
                let candidate = distinct;
                for (let n = 1; used.has(candidate); n++)
                    candidate = (0,fingerprint/* fingerprint */.R)([distinct, n]);
                unique = { ...finding, fingerprint: candidate };
            }
            used.add(unique.fingerprint);
            findings.push(unique);
        }
    }
    return {
        ...(str(doc['@version']) ? { zapVersion: str(doc['@version']) } : {}),
        ...(str(doc['@generated']) ? { generated: str(doc['@generated']) } : {}),
        sites,
        findings,
    };
}
function alertFinding(alert, site, where) {
    const pluginId = str(alert['pluginid']) ?? str(alert['pluginId']);
    if (pluginId === undefined)
        throw new errors/* OperationError */.OK(`the ZAP report's ${where} has no pluginid`);
    const name = str(alert['name']) ?? str(alert['alert']) ?? `ZAP rule ${pluginId}`;
    const risk = num(alert['riskcode']);
    const severity = risk === undefined ? undefined : RISK[risk];
    if (severity === undefined) {
        throw new errors/* OperationError */.OK(`the ZAP report's ${where} (${name}) has riskcode '${String(alert['riskcode'])}', not 0 to 3`);
    }
    if (num(alert['confidence']) === FALSE_POSITIVE)
        return undefined;
    const alertRef = str(alert['alertRef']);
    const locations = instanceLocations(alert, where);
    const count = num(alert['count']) ?? locations.length;
    const references = referenceUrls(str(alert['reference']) ?? '');
    const cwe = num(alert['cweid']);
    const wasc = num(alert['wascid']);
    const otherInfo = htmlToText(str(alert['otherinfo']) ?? '').slice(0, 1000);
    const description = [
        htmlToText(str(alert['desc']) ?? '') || name,
        otherInfo ? `Other information: ${otherInfo}` : undefined,
        cwe && cwe > 0 ? `CWE-${cwe}` + (wasc && wasc > 0 ? `, WASC-${wasc}` : '') : undefined,
        references.length ? `References:\n${references.join('\n')}` : undefined,
    ]
        .filter(Boolean)
        .join('\n\n');
    const solution = htmlToText(str(alert['solution']) ?? '');
    const [first, ...rest] = locations.length ? locations : [{ url: site }];
    return {
        tool: 'zap',
        kind: 'dast',
        ruleId: pluginId,
        ...(alertRef && alertRef !== pluginId ? { aliases: [alertRef] } : {}),
        severity,
        title: count > 1 ? `${name} (${count} instances)` : name,
        ruleTitle: name,
        description,
        ...(solution ? { remediation: solution } : {}),
        helpUri: references[0] ?? zapAlertPage(pluginId),
        target: site,
        location: first,
        ...(rest.length ? { extraLocations: rest } : {}),
        // The instance list changes from run to run (spider order, new pages): it is no part of the identity.
        fingerprint: (0,fingerprint/* fingerprint */.R)(['zap', pluginId, site, name]),
    };
}
/** Instances as locations: de-duplicated, in a stable order, at most MAX_ZAP_LOCATIONS. */
function instanceLocations(alert, where) {
    const byKey = new Map();
    for (const instance of list(alert['instances'], `${where}.instances`)) {
        if (!zap_report_isObject(instance))
            continue;
        const url = str(instance['uri']);
        if (!url)
            continue;
        const method = str(instance['method']);
        const parameter = str(instance['param']);
        const key = `${url}\u0000${method ?? ''}\u0000${parameter ?? ''}`;
        if (!byKey.has(key))
            byKey.set(key, { url, ...(method ? { method } : {}), ...(parameter ? { parameter } : {}) });
    }
    return [...byKey.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .slice(0, MAX_ZAP_LOCATIONS)
        .map(([, location]) => location);
}
function zap_report_isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function str(value) {
    if (typeof value === 'number' && Number.isFinite(value))
        return String(value);
    return typeof value === 'string' && value !== '' ? value : undefined;
}
/** ZAP wrote numbers as strings before the reporting add-on; both are read. */
function num(value) {
    if (typeof value === 'number' && Number.isFinite(value))
        return value;
    if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value))
        return Number(value);
    return undefined;
}
/** A list, a single object standing for a one-element list (older releases), or nothing. */
function list(value, where) {
    if (value === undefined || value === null || value === '')
        return [];
    if (Array.isArray(value))
        return value;
    if (zap_report_isObject(value))
        return [value];
    throw new errors/* OperationError */.OK(`the ZAP report's ${where} is not a list`);
}

;// CONCATENATED MODULE: ./lib/cli/zap.ts





/*
 * ZAP runs as its official container image, pinned by digest, with the
 * Automation Framework: `zap.sh -cmd -autorun /zap/wrk/plan.yaml`
 * (https://www.zaproxy.org/docs/desktop/addons/automation-framework/).
 *
 * Default image: ghcr.io/zaproxy/zaproxy `stable` = ZAP 2.17.0, the
 * multi-platform index digest below. Not published by ZAP as a list, so it
 * was read from public repositories that pin it, found with a code search of
 * public GitHub files:
 *   1. a Dockerfile of a "dastgate" scanner image:
 *      `FROM ghcr.io/zaproxy/zaproxy:stable@sha256:781a2bda…81ef`, commented
 *      "the multi-arch manifest list for the :stable tag";
 *   2. a TypeScript live-scan module: `ZAP_IMAGE = "ghcr.io/zaproxy/zaproxy@sha256:781a2bda…81ef"`,
 *      commented "OWASP ZAP 2.17.0 (the `stable` tag), pinned by its multi-platform digest";
 *   and, confirming they agree with Docker Hub's copy of the same index, a
 *   staging scan script running `zaproxy/zap-stable@sha256:781a2bda…81ef`.
 * Update it with the digest of a newer stable index (`docker buildx
 * imagetools inspect ghcr.io/zaproxy/zaproxy:stable`), never a tag.
 */
const DEFAULT_ZAP_IMAGE = 'ghcr.io/zaproxy/zaproxy@sha256:781a2bdaea47324e7bab583e2263f21d257b0aee61ed51521a5be45f5f5081ef';
const DEFAULT_ZAP_VERSION = '2.17.0';
/**
 * ZAP's home inside the container. The image's HOME (/home/zap) belongs to
 * uid 1000; ZAP runs as the runner's uid, so it gets a home it can create.
 */
const ZAP_HOME = '/tmp/zap-home';
/** ZAP in Docker: argv built as arrays, the Docker engine's version memoised, the pure report parser. */
class Zap {
    dockerPath;
    run;
    dockerVersionPromise;
    constructor(dockerPath = 'docker', run = exec/* exec */.m) {
        this.dockerPath = dockerPath;
        this.run = run;
    }
    static parseReport(text) {
        return parseZapReport(text);
    }
    /**
     * `docker run` of one plan. Host networking lets ZAP reach an application
     * on the runner's localhost; no capability and no privilege escalation is
     * granted; `--init` passes signals on to ZAP.
     */
    static dockerArgs(o) {
        if (!(0,reference/* parseImageReference */.o_)(o.image).digest) {
            throw new errors/* OperationError */.OK(`the ZAP image must be pinned by digest; got '${o.image}'`);
        }
        const mounts = [
            { host: o.workDir, container: ZAP_WORK_DIR, mode: 'rw' },
            ...o.readOnly.map((m) => ({ ...m, mode: 'ro' })),
        ];
        const args = ['run', '--rm', '--name', o.containerName, '--init', '--network', 'host'];
        if (o.user)
            args.push('--user', `${o.user.uid}:${o.user.gid}`);
        args.push('--cap-drop', 'ALL', '--security-opt', 'no-new-privileges', '--env', `HOME=${ZAP_HOME}`);
        for (const m of mounts) {
            if (m.host.includes(':') || m.host.includes(',')) {
                throw new errors/* OperationError */.OK(`cannot mount '${m.host}' into the ZAP container: docker -v paths cannot contain ':' or ','`);
            }
            args.push('-v', `${m.host}:${m.container}:${m.mode}`);
        }
        for (const name of o.environment ?? [])
            args.push('--env', name);
        args.push(o.image, 'zap.sh', '-cmd', '-silent', '-dir', ZAP_HOME, '-autorun', o.plan);
        return args;
    }
    /** The Docker engine's version; fails with a clear message when Docker is missing or not running. */
    dockerVersion() {
        this.dockerVersionPromise ??= this.run(this.dockerPath, ['version', '--format', '{{.Server.Version}}'], {
            timeoutMs: 60_000,
            echoStdout: false,
        })
            .then((r) => r.stdout.trim() || 'unknown')
            .catch((error) => {
            throw new errors/* OperationError */.OK(`scanner 'zap' runs ZAP in a container and needs a running Docker engine on the runner (a Linux runner): ${error.message}`);
        });
        return this.dockerVersionPromise;
    }
    /** Pulls the image unless it is already on the runner (air-gapped runners can pre-load it). */
    async ensureImage(image, timeoutMs) {
        const inspect = await this.run(this.dockerPath, ['image', 'inspect', '--format', '{{.Id}}', image], {
            timeoutMs: 60_000,
            echoStdout: false,
            echoStderr: false,
            okExitCodes: [0, 1],
        });
        if (inspect.exitCode === 0)
            return 'present';
        try {
            await this.run(this.dockerPath, ['pull', '--quiet', image], { timeoutMs });
        }
        catch (error) {
            throw new errors/* OperationError */.OK(`could not pull the ZAP image ${image}: ${error.message}`);
        }
        return 'pulled';
    }
    /**
     * Runs the plan. Exit code 2 (the plan reported warnings) is not a failure;
     * 1 (errors) is. A run that outlives its timeout is killed and its
     * container removed, since killing the docker client alone leaves it running.
     */
    async scan(o, timeoutMs) {
        try {
            const result = await this.run(this.dockerPath, Zap.dockerArgs(o), { timeoutMs, okExitCodes: [0, 2] });
            return { exitCode: result.exitCode };
        }
        catch (error) {
            if (error instanceof exec/* ExecError */.c && error.timedOut) {
                await this.run(this.dockerPath, ['rm', '--force', o.containerName], {
                    timeoutMs: 60_000,
                    echoStdout: false,
                }).catch(() => undefined);
                throw new errors/* OperationError */.OK(`ZAP did not finish within ${Math.round(timeoutMs / 60_000)} minutes and was stopped (container ${o.containerName} removed)`);
            }
            if (error instanceof exec/* ExecError */.c && error.exitCode === 1) {
                throw new errors/* OperationError */.OK(`ZAP reported errors while running the plan (exit code 1); the job log above shows which job failed${error.stderrTail ? `; last lines of stderr:\n${error.stderrTail}` : ''}`);
            }
            throw error;
        }
    }
}

;// CONCATENATED MODULE: ./lib/scan/zap-scan.ts










/** Start-up of ZAP (add-ons, JVM) and report generation, on top of the plan's own budget. */
const ZAP_MARGIN_MINUTES = 10;
const PULL_TIMEOUT_MS = 30 * 60_000;
/** Variables ZAP reads itself to add an authentication header to every request (as zaproxy/action-af passes them). */
const ZAP_AUTH_VARIABLES = ['ZAP_AUTH_HEADER', 'ZAP_AUTH_HEADER_VALUE', 'ZAP_AUTH_HEADER_SITE'];
/** Never passed from the runner: the container's own values must stand. */
const CONTAINER_VARIABLES = new Set([
    'HOME',
    'PATH',
    'JAVA_HOME',
    'LANG',
    'LC_ALL',
    'USER',
    'SHELL',
    'PWD',
    'HOSTNAME',
]);
/**
 * Runs ZAP in its container on a generated plan (or the user's), then reads
 * its JSON report. The JSON, HTML and Markdown reports are moved next to
 * the SARIF before the findings are returned, so they exist whatever the gate decides.
 */
async function runZapScan(request) {
    const image = request.image ?? DEFAULT_ZAP_IMAGE;
    // An API definition file is copied into the work directory and mounted read-only under the same name.
    const definition = request.apiDefinition;
    const apiFileName = definition && 'file' in definition
        ? `api-definition${external_node_path_default().extname(definition.file).replace(/[^A-Za-z0-9.]/g, '') || '.txt'}`
        : undefined;
    let api;
    if (definition && 'file' in definition) {
        api = { format: definition.format, file: `${ZAP_WORK_DIR}/${apiFileName}` };
    }
    else if (definition) {
        api = {
            format: definition.format,
            url: definition.url,
            ...(definition.endpoint ? { endpoint: definition.url } : {}),
        };
    }
    // The plan first: a mistake in it is the user's to fix before anything runs.
    let planMinutes;
    let planText;
    if (request.userPlan) {
        planText = request.userPlan.text;
        planMinutes = request.maxMinutes;
        warnAboutUserPlan(request.userPlan.plan, request.target);
    }
    else {
        const plan = zapPlan({
            mode: request.mode,
            target: request.target,
            maxMinutes: request.maxMinutes,
            ...(api ? { api } : {}),
        });
        planText = plan.text;
        planMinutes = plan.budget.totalMinutes;
        core/* info */.pq(`ZAP ${request.mode} scan of ${request.target}: ${describeBudget(plan.budget)} (zap-max-minutes ${request.maxMinutes})`);
    }
    const zap = request.docker ?? new Zap();
    core/* info */.pq(`Docker ${await zap.dockerVersion()}`);
    // A fresh work directory: a report left by an earlier run in the same job must never be read as this one's.
    const work = external_node_path_default().join(request.outDir, 'zap-wrk');
    await (0,promises_.rm)(work, { recursive: true, force: true });
    const user = runnerUser();
    await (0,promises_.mkdir)(work, { recursive: true, ...(user ? { mode: 0o700 } : {}) });
    const readOnly = [];
    if (definition && 'file' in definition && apiFileName) {
        await (0,promises_.copyFile)(definition.file, external_node_path_default().join(work, apiFileName));
        readOnly.push({ host: external_node_path_default().join(work, apiFileName), container: `${ZAP_WORK_DIR}/${apiFileName}` });
    }
    const planName = external_node_path_default().posix.basename(ZAP_PLAN_FILE);
    await (0,promises_.writeFile)(external_node_path_default().join(work, planName), planText);
    readOnly.push({ host: external_node_path_default().join(work, planName), container: ZAP_PLAN_FILE });
    const environment = passedVariables(request.userPlan?.plan.environmentNames ?? []);
    if (process.env['ZAP_AUTH_HEADER_VALUE'])
        core/* setSecret */.Pq(process.env['ZAP_AUTH_HEADER_VALUE']);
    const pulled = await zap.ensureImage(image, PULL_TIMEOUT_MS);
    core/* info */.pq(`ZAP image ${image} ${pulled === 'pulled' ? 'pulled' : 'found on the runner'}`);
    const timeoutMs = (planMinutes + ZAP_MARGIN_MINUTES) * 60_000;
    const { exitCode } = await zap.scan({
        image,
        workDir: work,
        readOnly,
        plan: ZAP_PLAN_FILE,
        ...(user ? { user } : {}),
        environment,
        containerName: `devsecops-zap-${(0,external_node_crypto_.randomBytes)(6).toString('hex')}`,
    }, timeoutMs);
    if (exitCode === 2)
        core/* warning */.$e('ZAP finished the plan with warnings (exit code 2); the job log above shows them');
    const jsonReport = request.userPlan?.plan.jsonReport ?? {
        template: 'traditional-json',
        dir: '',
        file: ZAP_REPORT_FILES.json,
        extension: 'json',
    };
    const written = await findReport(work, jsonReport);
    if (!written) {
        throw new errors/* OperationError */.OK(`ZAP wrote no JSON report (expected ${ZAP_WORK_DIR}/${[jsonReport.dir, jsonReport.file ?? '*.json'].filter(Boolean).join('/')}); the job log above shows what ZAP did`);
    }
    const jsonFile = external_node_path_default().join(request.outDir, 'zap-report.json');
    await (0,promises_.rename)(written, jsonFile);
    const extraFiles = [{ label: 'ZAP JSON report', path: jsonFile }];
    if (request.userPlan) {
        for (const other of request.userPlan.plan.otherReports) {
            const file = await findReport(work, other);
            if (file)
                extraFiles.push({ label: `ZAP report (${other.template})`, path: file });
        }
    }
    else {
        for (const [ext, kind] of [
            ['html', 'HTML'],
            ['md', 'Markdown'],
        ]) {
            const from = external_node_path_default().join(work, ZAP_REPORT_FILES[ext]);
            if (!(0,external_node_fs_.existsSync)(from)) {
                core/* warning */.$e(`ZAP wrote no ${kind} report (${ZAP_WORK_DIR}/${ZAP_REPORT_FILES[ext]})`);
                continue;
            }
            const to = external_node_path_default().join(request.outDir, `zap-report.${ext}`);
            await (0,promises_.rename)(from, to);
            extraFiles.push({ label: `ZAP ${kind} report`, path: to });
        }
    }
    const outcome = await zapReportOutcome(jsonFile, request.rules);
    return { ...outcome, extraFiles };
}
/** An existing ZAP JSON report (the `report` input, or the one just written), with the rules file applied. */
async function zapReportOutcome(file, rules) {
    const report = parseZapReport(await (0,promises_.readFile)(file, 'utf8'));
    const findings = rules ? applyZapRules(report.findings, rules.rules, rules.source) : report.findings;
    return { findings, ...(report.zapVersion ? { toolVersion: report.zapVersion } : {}) };
}
/** The report a report job wrote: its named file (ZAP adds the template's extension when missing), or the only one of its kind. */
async function findReport(work, report) {
    const dir = external_node_path_default().join(work, ...report.dir.split('/').filter(Boolean));
    if (report.file) {
        for (const name of [report.file, `${report.file}.${report.extension}`]) {
            const file = external_node_path_default().join(dir, name);
            if ((0,external_node_fs_.existsSync)(file))
                return file;
        }
        return undefined;
    }
    const inputs = new Set([external_node_path_default().posix.basename(ZAP_PLAN_FILE)]);
    const entries = (0,external_node_fs_.existsSync)(dir) ? await (0,promises_.readdir)(dir) : [];
    const candidates = entries.filter((name) => name.endsWith(`.${report.extension}`) && !inputs.has(name) && !name.startsWith('api-definition'));
    return candidates.length === 1 ? external_node_path_default().join(dir, candidates[0]) : undefined;
}
/** The runner's uid and gid, where the platform has them (Linux runners). */
function runnerUser() {
    const uid = process.getuid?.();
    const gid = process.getgid?.();
    return uid === undefined || gid === undefined ? undefined : { uid, gid };
}
/** Names (never values) of the variables the container gets: those the plan uses and ZAP's own, when set. */
function passedVariables(planNames) {
    const names = [...planNames, ...ZAP_AUTH_VARIABLES].filter((name, i, all) => all.indexOf(name) === i && !CONTAINER_VARIABLES.has(name) && process.env[name] !== undefined);
    if (names.length)
        core/* info */.pq(`passing environment variables to ZAP by name: ${names.join(', ')}`);
    return names;
}
function warnAboutUserPlan(plan, target) {
    if (plan.hasExitStatus) {
        core/* warning */.$e("the plan has an exitStatus job: ZAP's exit code then depends on the alerts, and exit code 1 fails the step before the gate; the action gates on the findings itself, so remove the job");
    }
    const origin = new URL(target).origin;
    const urls = plan.contextUrls.filter((u) => !u.includes('${'));
    if (urls.length && !urls.some((u) => URL.canParse(u) && new URL(u).origin === origin)) {
        core/* warning */.$e(`none of the plan's context URLs (${urls.join(', ')}) is on the target ${origin}`);
    }
}
function describeBudget(b) {
    const parts = [
        b.spider !== undefined ? `spider ≤ ${b.spider} min` : undefined,
        `passive scan wait ≤ ${b.passiveScanWait} min`,
        b.activeScan !== undefined ? `active scan ≤ ${b.activeScan} min` : undefined,
    ].filter(Boolean);
    return `${parts.join(', ')}, ${b.totalMinutes} min in all`;
}

;// CONCATENATED MODULE: ./actions/scan/src/zap.ts









/**
 * Wiring of scanner 'zap': inputs to lib/scan, reports under outDir. The
 * files the inputs name (rules file, plan, API definition) are read and
 * checked before anything runs or is written.
 */
async function runZapFromInputs(inputs, outDir, workspace) {
    const shown = (file) => external_node_path_default().relative(workspace, file).split((external_node_path_default()).sep).join('/') || file;
    let rules;
    if (inputs['zap-rules-file']) {
        const file = inputs['zap-rules-file'];
        const text = await readInputFile('zap-rules-file', file, shown);
        rules = { rules: parseZapRules(text, { input: 'zap-rules-file', file: shown(file) }), source: shown(file) };
    }
    if (inputs.report)
        return zapReportOutcome(inputs.report, rules);
    let userPlan;
    if (inputs['zap-plan']) {
        const file = inputs['zap-plan'];
        const text = await readInputFile('zap-plan', file, shown);
        userPlan = { text, plan: analyseZapPlan(text, { input: 'zap-plan', file: shown(file) }) };
    }
    const useApi = inputs['zap-mode'] === 'api' && !userPlan;
    if (inputs['zap-api-definition'] && !useApi) {
        core/* warning */.$e(`input 'zap-api-definition' is not used: it is read with zap-mode 'api' only${userPlan ? ', and zap-plan runs instead of a generated plan' : ''}`);
    }
    const apiDefinition = useApi ? await apiSource(inputs['zap-api-definition'], shown) : undefined;
    return runZapScan({
        mode: inputs['zap-mode'],
        target: inputs.target,
        maxMinutes: inputs['zap-max-minutes'],
        ...(inputs['zap-image'] ? { image: inputs['zap-image'] } : {}),
        ...(apiDefinition ? { apiDefinition } : {}),
        ...(userPlan ? { userPlan } : {}),
        ...(rules ? { rules } : {}),
        outDir,
    });
}
async function apiSource(value, shown) {
    if (/^https?:\/\//.test(value)) {
        const detected = apiDefinitionFormat({ url: value });
        return { url: value, ...detected };
    }
    const file = (0,inputs/* resolveWorkspacePath */.XI)('zap-api-definition', value, { mustExist: true });
    const detected = apiDefinitionFormat({ file, content: await readInputFile('zap-api-definition', file, shown) });
    if (!detected) {
        throw new errors/* ConfigurationError */.j1(`input 'zap-api-definition': ${shown(file)} is not an OpenAPI/Swagger document, a GraphQL schema or a WSDL file`);
    }
    return { file, format: detected.format };
}
/** A file an input names; a directory or an unreadable file is the user's to fix. */
async function readInputFile(input, file, shown) {
    try {
        return await (0,promises_.readFile)(file, 'utf8');
    }
    catch (error) {
        const code = error.code;
        const why = code === 'EISDIR' ? 'is a directory, not a file' : `cannot be read (${code ?? error.message})`;
        throw new errors/* ConfigurationError */.j1(`input '${input}': ${shown(file)} ${why}`);
    }
}


/***/ })

};
