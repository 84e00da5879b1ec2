import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { apiDefinitionFormat, zapBudget, zapPlan, type ZapMode } from '../../../lib/cli/zap-plan.js';
import { analyseZapPlan } from '../../../lib/cli/zap-user-plan.js';
import { ConfigurationError } from '../../../lib/runtime/errors.js';

interface Job {
  type: string;
  parameters: Record<string, unknown>;
}
interface Plan {
  env: { contexts: Array<{ name: string; urls: string[] }>; parameters: Record<string, unknown> };
  jobs: Job[];
}
const parsed = (text: string): Plan => parse(text) as Plan;
const REPORT_JOBS: Job[] = [
  ['traditional-json', 'report_json.json'],
  ['traditional-html', 'report_html.html'],
  ['traditional-md', 'report_md.md'],
].map(([template, reportFile]) => ({
  type: 'report',
  parameters: { template, reportDir: '/zap/wrk', reportFile, reportTitle: expect.any(String) },
}));

describe('zapPlan', () => {
  it('baseline: spider and passive scan wait, no attack, bounded by zap-max-minutes', () => {
    const plan = parsed(zapPlan({ mode: 'baseline', target: 'http://localhost:8080', maxMinutes: 10 }).text);
    expect(plan.env.contexts).toEqual([{ name: 'target', urls: ['http://localhost:8080/'] }]);
    expect(plan.env.parameters).toMatchObject({ failOnError: true, failOnWarning: false, progressToStdout: true });
    expect(plan.jobs.map((j) => j.type)).toEqual([
      'passiveScan-config',
      'spider',
      'passiveScan-wait',
      'report',
      'report',
      'report',
    ]);
    expect(plan.jobs[1]!.parameters).toEqual({ context: 'target', url: 'http://localhost:8080/', maxDuration: 5 });
    expect(plan.jobs[2]!.parameters).toEqual({ maxDuration: 5 });
    expect(plan.jobs.slice(3)).toEqual(REPORT_JOBS);
    expect(plan.jobs.some((j) => j.type === 'activeScan')).toBe(false);
  });

  it('full: spider, passive scan wait and active scan within the budget', () => {
    const plan = parsed(zapPlan({ mode: 'full', target: 'https://staging.example.com/app', maxMinutes: 60 }).text);
    expect(plan.jobs.map((j) => j.type)).toEqual([
      'passiveScan-config',
      'spider',
      'passiveScan-wait',
      'activeScan',
      'report',
      'report',
      'report',
    ]);
    const [spider, wait, active] = [plan.jobs[1]!, plan.jobs[2]!, plan.jobs[3]!];
    expect(spider.parameters['maxDuration']).toBe(12);
    expect(wait.parameters['maxDuration']).toBe(6);
    expect(active.parameters).toEqual({ context: 'target', maxScanDurationInMins: 42 });
    expect(plan.jobs.slice(4)).toEqual(REPORT_JOBS);
  });

  it('api: imports an OpenAPI definition by URL against the target, then attacks it', () => {
    const plan = parsed(
      zapPlan({
        mode: 'api',
        target: 'http://127.0.0.1:3000',
        maxMinutes: 30,
        api: { format: 'openapi', url: 'http://127.0.0.1:3000/openapi.json' },
      }).text,
    );
    expect(plan.jobs.map((j) => j.type)).toEqual([
      'passiveScan-config',
      'openapi',
      'passiveScan-wait',
      'activeScan',
      'report',
      'report',
      'report',
    ]);
    expect(plan.jobs[1]!.parameters).toEqual({
      apiUrl: 'http://127.0.0.1:3000/openapi.json',
      targetUrl: 'http://127.0.0.1:3000/',
    });
    expect(plan.jobs[3]!.parameters).toEqual({ context: 'target', maxScanDurationInMins: 27 });
  });

  it('api: imports a mounted file, a GraphQL schema or endpoint, and a WSDL', () => {
    const job = (api: Parameters<typeof zapPlan>[0]['api']): Job =>
      parsed(
        zapPlan({ mode: 'api', target: 'https://api.example.com/graphql', maxMinutes: 20, ...(api ? { api } : {}) })
          .text,
      ).jobs[1]!;
    expect(job({ format: 'openapi', file: '/zap/wrk/api-definition.yaml' })).toEqual({
      type: 'openapi',
      parameters: { apiFile: '/zap/wrk/api-definition.yaml', targetUrl: 'https://api.example.com/graphql' },
    });
    expect(job({ format: 'graphql', file: '/zap/wrk/api-definition.graphql' })).toEqual({
      type: 'graphql',
      parameters: { endpoint: 'https://api.example.com/graphql', schemaFile: '/zap/wrk/api-definition.graphql' },
    });
    expect(
      job({ format: 'graphql', url: 'https://api.example.com/graphql', endpoint: 'https://api.example.com/graphql' }),
    ).toEqual({ type: 'graphql', parameters: { endpoint: 'https://api.example.com/graphql' } });
    expect(job({ format: 'soap', url: 'https://api.example.com/service?wsdl' })).toEqual({
      type: 'soap',
      parameters: { wsdlUrl: 'https://api.example.com/service?wsdl' },
    });
    expect(() => zapPlan({ mode: 'api', target: 'https://a.example.com', maxMinutes: 5 })).toThrow(
      'needs an API definition',
    );
  });

  it('refuses a URL the Automation Framework would read as a variable, naming the input', () => {
    expect(() => zapPlan({ mode: 'baseline', target: 'http://a.example.com/?q=${HOME}', maxMinutes: 5 })).toThrow(
      new ConfigurationError(
        "input 'target' must not contain '${' (ZAP would read it as a variable); got 'http://a.example.com/?q=${HOME}'",
      ),
    );
  });

  it.each<[ZapMode, number]>([
    ['baseline', 1],
    ['baseline', 7],
    ['full', 1],
    ['full', 3],
    ['full', 360],
    ['api', 1],
    ['api', 45],
  ])(
    '%s with %i minutes: every job bounded, the total within the budget once it allows a minute a job',
    (mode, minutes) => {
      const budget = zapBudget(mode, minutes);
      const jobs = [budget.spider, budget.passiveScanWait, budget.activeScan].filter((m) => m !== undefined);
      expect(jobs.every((m) => m! >= 1)).toBe(true);
      expect(budget.totalMinutes).toBe(jobs.reduce((a, b) => a! + b!, 0));
      expect(budget.totalMinutes).toBe(Math.max(minutes, jobs.length));
      // The generated plan carries the same figures.
      const plan = parsed(
        zapPlan({
          mode,
          target: 'http://localhost',
          maxMinutes: minutes,
          api: { format: 'openapi', url: 'http://localhost/o' },
        }).text,
      );
      const durations = plan.jobs.flatMap((j) =>
        ['maxDuration', 'maxScanDurationInMins'].filter((k) => k in j.parameters).map((k) => j.parameters[k] as number),
      );
      expect(durations.reduce((a, b) => a + b, 0)).toBe(budget.totalMinutes);
    },
  );
});

describe('apiDefinitionFormat', () => {
  it.each([
    ['https://api.example.com/openapi.json', { format: 'openapi' }],
    ['https://api.example.com/v3/api-docs', { format: 'openapi' }],
    ['https://api.example.com/service.wsdl', { format: 'soap' }],
    ['https://api.example.com/Service.svc?wsdl', { format: 'soap' }],
    ['https://api.example.com/schema.graphql', { format: 'graphql' }],
    ['https://api.example.com/graphql', { format: 'graphql', endpoint: true }],
  ])('tells %s by its URL', (url, expected) => {
    expect(apiDefinitionFormat({ url })).toEqual(expected);
  });

  it.each([
    ['openapi.yaml', 'openapi: 3.0.3\ninfo:\n  title: x\n', 'openapi'],
    ['swagger.json', '{\n  "swagger": "2.0",\n  "info": {}\n}', 'openapi'],
    ['min.json', '{"openapi":"3.1.0","paths":{}}', 'openapi'],
    ['schema.txt', 'schema {\n  query: Query\n}\ntype Query {\n  me: User\n}\n', 'graphql'],
    ['api.gql', '# empty for now\n', 'graphql'],
    [
      'service.xml',
      '<?xml version="1.0"?>\n<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"></wsdl:definitions>',
      'soap',
    ],
  ])('tells %s by its content', (file, content, format) => {
    expect(apiDefinitionFormat({ file, content })?.format).toBe(format);
  });

  it('does not take a YAML file with a type key for a GraphQL schema', () => {
    expect(
      apiDefinitionFormat({ file: 'values.yaml', content: 'type: object\nproperties:\n  a: 1\n' }),
    ).toBeUndefined();
  });
});

describe('analyseZapPlan (zap-plan)', () => {
  const SOURCE = { input: 'zap-plan', file: '.zap/auth-plan.yaml' };
  const userPlan = [
    'env:',
    '  contexts:',
    '    - name: app',
    '      urls: ["https://app.example.com"]',
    '      users:',
    '        - name: tester',
    '          credentials: { username: "${APP_USER}", password: "${APP_PASSWORD}" }',
    '  vars:',
    '    REPORTS: reports',
    'jobs:',
    '  - type: spider',
    '    parameters: { user: tester }',
    '  - type: report',
    '    parameters: { template: traditional-json, reportDir: "${REPORTS}", reportFile: zap }',
    '  - type: report',
    '    parameters: { template: traditional-html, reportDir: /zap/wrk/reports, reportFile: zap.html }',
    '  - type: report',
    '    parameters: { template: traditional-md, reportDir: /tmp, reportFile: elsewhere.md }',
    '  - type: exitStatus',
    '',
  ].join('\n');

  it('finds the JSON report job (a relative reportDir is relative to /zap/wrk), other reports and the variables used', () => {
    const plan = analyseZapPlan(userPlan, SOURCE, {});
    expect(plan.jsonReport).toEqual({ template: 'traditional-json', dir: 'reports', file: 'zap', extension: 'json' });
    // The Markdown report goes outside /zap/wrk: the action cannot see it.
    expect(plan.otherReports).toEqual([
      { template: 'traditional-html', dir: 'reports', file: 'zap.html', extension: 'html' },
    ]);
    expect(plan.environmentNames).toEqual(['APP_PASSWORD', 'APP_USER', 'REPORTS']);
    expect(plan.hasExitStatus).toBe(true);
    expect(plan.contextUrls).toEqual(['https://app.example.com']);
  });

  it('prefers an environment variable over a plan variable, as ZAP does', () => {
    expect(analyseZapPlan(userPlan, SOURCE, { REPORTS: 'out' }).jsonReport.dir).toBe('out');
  });

  it.each([
    [
      'no JSON report',
      'jobs:\n  - type: report\n    parameters: { template: traditional-html, reportDir: /zap/wrk }\n',
      'has no report job writing a traditional-json report into /zap/wrk',
    ],
    [
      'a JSON report outside /zap/wrk',
      'jobs:\n  - type: report\n    parameters: { template: traditional-json, reportDir: /tmp }\n',
      'add a job {type: report, parameters: {template: traditional-json, reportDir: /zap/wrk, reportFile: report_json.json}}',
    ],
    [
      'a JSON report escaping /zap/wrk',
      'jobs:\n  - type: report\n    parameters: { template: traditional-json, reportDir: ../.. }\n',
      'has no report job writing',
    ],
    ['no jobs', 'env: {}\n', "has no 'jobs' list"],
    ['invalid YAML', 'jobs: [\n', 'is not valid YAML'],
    [
      'an unset variable in reportDir',
      'jobs:\n  - type: report\n    parameters: { template: traditional-json, reportDir: "${NOPE}" }\n',
      'uses ${NOPE}, which is neither a plan variable nor set',
    ],
    [
      'a path as reportFile',
      'jobs:\n  - type: report\n    parameters: { template: traditional-json, reportDir: /zap/wrk, reportFile: a/b.json }\n',
      "reportFile 'a/b.json' must be a file name",
    ],
  ])('refuses a plan with %s, naming the input and the file', (_name, text, message) => {
    let error: unknown;
    try {
      analyseZapPlan(text, SOURCE, {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain("input 'zap-plan': .zap/auth-plan.yaml ");
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('accepts traditional-json-plus and a report file name pattern', () => {
    const plan = analyseZapPlan(
      'jobs:\n  - type: report\n    parameters: { template: traditional-json-plus, reportDir: /zap/wrk, reportFile: "{{yyyy-MM-dd}}-ZAP" }\n',
      SOURCE,
      {},
    );
    expect(plan.jsonReport).toEqual({ template: 'traditional-json-plus', dir: '', extension: 'json' });
  });
});
