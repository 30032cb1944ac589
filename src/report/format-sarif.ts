import { createHash } from 'node:crypto';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SuppressedDiagnostic } from '../diagnostics/suppressions.js';
import { diagnosticCodes, type DiagnosticCode } from '../diagnostics/codes.js';
import { displayPath, type ReportContext } from './report-context.js';

const codes = Object.keys(diagnosticCodes) as DiagnosticCode[];

function fullDescription(code: DiagnosticCode): string {
  const { severity, description } = diagnosticCodes[code];
  return `${description} Reported as ${severity === 'error' ? 'an error: `weft validate` exits 1' : 'a warning'}.`;
}

/** How to read and answer the finding: the description, where the code is documented, how to suppress one with a reason. */
function helpText(code: DiagnosticCode): string {
  return `${fullDescription(code)} See docs/diagnostics.md in the weft repository for '${code}'. To accept one finding, put \`# weft-ignore ${code}: <reason>\` on the line above it.`;
}

function helpMarkdown(code: DiagnosticCode): string {
  return `**${code}**: ${fullDescription(code)}\n\nSee \`docs/diagnostics.md\` (\`${code}\`). To accept one finding, put \`# weft-ignore ${code}: <reason>\` on the line above it.`;
}

/** A finding's identity apart from its line: its rule, file and JSON pointer (or, without a pointer, its message). */
function fingerprint(diagnostic: Diagnostic, context: ReportContext): string {
  const where = diagnostic.pointer ?? `message:${diagnostic.message}`;
  return createHash('sha256').update(`${diagnostic.code}\0${displayPath(diagnostic, context)}\0${where}`).digest('hex').slice(0, 32);
}

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
              // Code scanning shows these with each alert (an upload without them is refused).
              fullDescription: { text: fullDescription(code) },
              help: { text: helpText(code), markdown: helpMarkdown(code) },
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
          // The same finding keeps its fingerprint when lines above it move: rule, file, JSON pointer.
          partialFingerprints: { 'weftFinding/v1': fingerprint(diagnostic, context) },
          ...(diagnostic.pointer !== undefined ? { properties: { pointer: diagnostic.pointer, ...(diagnostic.keyword ? { keyword: diagnostic.keyword } : {}) } } : {}),
          ...('suppression' in diagnostic ? { suppressions: [{ kind: 'inSource', justification: (diagnostic as SuppressedDiagnostic).suppression.reason }] } : {}),
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
