import type { DiagnosticCode, Severity } from './codes.js';

/** A problem found in the user's files, as every command reports it. Lines and columns are 1-based. */
export interface Diagnostic {
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  /** Relative to the project root, with '/' separators. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** JSON Pointer into the document, when the problem is inside one. */
  pointer?: string;
  hint?: string;
  /** The JSON Schema keyword, for `schema` diagnostics. */
  keyword?: string;
  /**
   * The environments the problem is found in, when one validation covered several (`weft
   * validate` of a project with environments, without `--env`); the message ends with them too.
   */
  environments?: string[];
}

/**
 * A diagnostic before it is placed on a line: stages know a source offset range or only a
 * JSON pointer into a document; line and column are computed at the edge.
 */
export interface Finding {
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  file: string;
  /** Index of the document within its file (several documents per file). */
  document?: number;
  pointer?: string;
  /** Point at the key of `pointer` rather than its value (missing keys, whole resources). */
  atKey?: boolean;
  /** Source offsets [start, end), when known. */
  range?: [number, number];
  /** Offsets [start, end) within the string value at `pointer`, to narrow the span (an expression's error). */
  within?: [number, number];
  hint?: string;
  keyword?: string;
}
