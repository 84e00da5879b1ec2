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
  readonly findings: readonly (Finding & {
    state: 'blocking' | 'open' | 'excepted' | 'suppressed';
    exception?: { reason: string; expires: string };
  })[];
}

export function findingsDocument(
  findings: readonly Finding[],
  gate: GateResult,
  policy: Policy,
  meta: { tool: string; toolVersion?: string; target: string; category: string; counts: SeverityCounts; now?: Date },
): FindingsDocument {
  const blocking = new Set(gate.blocking);
  const excepted = new Map(gate.excepted.map((e) => [e.finding, e.exception]));
  let suppressed = 0;
  const rows = findings.map((f) => {
    const exception = excepted.get(f);
    if (f.suppressed) suppressed++;
    const state = f.suppressed ? 'suppressed' : exception ? 'excepted' : blocking.has(f) ? 'blocking' : 'open';
    return {
      ...f,
      state,
      ...(exception ? { exception: { reason: exception.reason, expires: exception.expires } } : {}),
    } as const;
  });
  const total = Object.values(meta.counts).reduce((a, b) => a + b, 0);
  return {
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
    findings: rows,
  };
}
