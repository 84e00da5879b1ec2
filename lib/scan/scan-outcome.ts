import type { Finding } from '../findings/finding.js';

/** What one scanner run hands to the findings engine. */
export interface ScanOutcome {
  readonly findings: Finding[];
  readonly toolVersion?: string;
  /** Further files written by the scan (rendered manifests, HTML reports), listed in the summary and uploaded with the reports. */
  readonly extraFiles?: readonly { label: string; path: string }[];
}
