import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SuppressedDiagnostic } from '../diagnostics/suppressions.js';
import { diagnosticCodes, type DiagnosticCode } from '../diagnostics/codes.js';
import { displayPath, type ReportContext } from './report-context.js';

const codes = Object.keys(diagnosticCodes) as DiagnosticCode[];

/** SARIF 2.1.0: one run, one rule per diagnostic code, one result per diagnostic. */
export function formatSarif(diagnostics: readonly Diagnostic[], context: ReportContext): string {
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'weft',
            version: context.toolVersion,
            informationUri: 'https://github.com/weft-dev/weft',
            rules: codes.map((code) => ({
              id: code,
              name: code.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase()).replace(/^\w/, (letter) => letter.toUpperCase()),
              shortDescription: { text: diagnosticCodes[code].description },
              defaultConfiguration: { level: diagnosticCodes[code].severity },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        // Suppressed diagnostics too, marked as suppressed in source with their reasons.
        results: [...diagnostics, ...(context.suppressed ?? [])].map((diagnostic) => ({
          ruleId: diagnostic.code,
          ruleIndex: codes.indexOf(diagnostic.code),
          level: diagnostic.severity,
          message: { text: diagnostic.hint ? `${diagnostic.message} (${diagnostic.hint})` : diagnostic.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: displayPath(diagnostic, context).split('/').map(encodeURIComponent).join('/') },
                region: {
                  startLine: diagnostic.line,
                  startColumn: diagnostic.column,
                  endLine: diagnostic.endLine,
                  // SARIF's endColumn is exclusive; weft's is inclusive.
                  endColumn: diagnostic.endColumn + 1,
                },
              },
            },
          ],
          ...(diagnostic.pointer !== undefined ? { properties: { pointer: diagnostic.pointer, ...(diagnostic.keyword ? { keyword: diagnostic.keyword } : {}) } } : {}),
          ...('suppression' in diagnostic ? { suppressions: [{ kind: 'inSource', justification: (diagnostic as SuppressedDiagnostic).suppression.reason }] } : {}),
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
