import type { Finding, SeverityCounts } from './finding.js';
import type { GateResult } from './gate.js';
import type { Policy } from './policy.js';

/** The normalized findings file: one schema for every scanner, for later steps and other tools. */
export interface FindingsDocument {
  readonly schema: 'devsecops-findings/v1';
  readonly tool: string;
  readonly toolVersion?: string;
  readonly target: string;
  readonly category: string;
  readonly generatedAt: string;
  readonly gate: { verdict: string; reason: string; failOn: string; onlyFixed: boolean; policyFile?: string };
  readonly counts: SeverityCounts & { total: number; suppressed: number; excepted: number };
  /** What each rule is, once: a CVE's description is not repeated for every package it affects. */
  readonly rules: Readonly<Record<string, RuleRecord>>;
  readonly findings: readonly FindingRecord[];
}

export interface RuleRecord {
  readonly title: string;
  readonly description: string;
  readonly helpUri?: string;
}

export type FindingState = 'blocking' | 'open' | 'excepted' | 'suppressed';
/** A finding without what its rule record holds (description, rule title, help link). */
export type FindingRecord = Omit<Finding, 'description' | 'ruleTitle' | 'helpUri'> & {
  state: FindingState;
  exception?: { reason: string; expires: string };
};

export interface FindingsMeta {
  readonly tool: string;
  readonly toolVersion?: string;
  readonly target: string;
  readonly category: string;
  readonly counts: SeverityCounts;
  readonly now?: Date;
}

/**
 * The document as chunks of JSON text, one finding at a time, so that a
 * report of tens of thousands of findings is written without ever holding
 * the whole document in memory.
 */
export function* findingsJsonChunks(
  findings: readonly Finding[],
  gate: GateResult,
  policy: Policy,
  meta: FindingsMeta,
): Generator<string> {
  const blocking = new Set(gate.blocking);
  const excepted = new Map(gate.excepted.map((e) => [e.finding, e.exception]));
  const suppressed = findings.filter((f) => f.suppressed).length;
  const total = Object.values(meta.counts).reduce((a, b) => a + b, 0);
  const rules: Record<string, RuleRecord> = {};
  for (const f of findings) {
    rules[f.ruleId] ??= {
      title: f.ruleTitle ?? f.title,
      description: f.description,
      ...(f.helpUri ? { helpUri: f.helpUri } : {}),
    };
  }
  const head: Omit<FindingsDocument, 'findings'> = {
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
    const f = findings[i]!;
    const exception = excepted.get(f);
    const state: FindingState = f.suppressed
      ? 'suppressed'
      : exception
        ? 'excepted'
        : blocking.has(f)
          ? 'blocking'
          : 'open';
    // The rule's description, title and link are in `rules`, once.
    const { description: _description, ruleTitle: _ruleTitle, helpUri: _helpUri, ...rest } = f;
    const record: FindingRecord = {
      ...rest,
      state,
      ...(exception ? { exception: { reason: exception.reason, expires: exception.expires } } : {}),
    };
    yield (i ? ',' : '') + JSON.stringify(record);
  }
  yield ']}';
}
