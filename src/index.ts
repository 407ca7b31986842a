export type { Finding, FindingSeverity, Severity, WindowBounds } from './detectors/finding.ts';
