import type { Diagnostic, Finding } from '../diagnostics/diagnostic.js';
import { sortDiagnostics } from '../diagnostics/sort.js';
import { LineIndex } from '../parse/line-index.js';
import { locatePointer } from '../parse/locate.js';
import { parseYamlDocuments } from '../parse/parse-file.js';
import { redactTokens } from '../lex/secrets.js';

/**
 * Places findings on lines and columns. Findings that know only a JSON pointer are located by
 * parsing their file again: files are parsed once more only when they have such findings, so the
 * common, clean case pays nothing and no YAML trees are held in memory meanwhile.
 */
export function locateFindings(findings: readonly Finding[], sources: ReadonlyMap<string, string>): Diagnostic[] {
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = byFile.get(finding.file);
    if (list) list.push(finding);
    else byFile.set(finding.file, [finding]);
  }
  const diagnostics: Diagnostic[] = [];
  for (const [file, fileFindings] of byFile) {
    const text = sources.get(file) ?? '';
    const lines = new LineIndex(text);
    const needsTree = fileFindings.some((finding) => !finding.range && finding.pointer !== undefined);
    const documents = needsTree ? parseYamlDocuments(text) : [];
    for (const finding of fileFindings) {
      let range = finding.range;
      if (!range) {
        const document = documents[finding.document ?? 0];
        range = document ? locatePointer(document, finding.pointer ?? '', finding.atKey, text, finding.within) : [0, 0];
      }
      const start = lines.position(range[0]);
      // endColumn is inclusive: the last character of the span, as in DESIGN.md's example.
      const end = lines.position(Math.max(range[0], range[1] - 1));
      const diagnostic: Diagnostic = {
        severity: finding.severity,
        code: finding.code,
        // A last guard: a rule quoting a user's value never prints a known token.
        message: redactTokens(finding.message),
        file,
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
      };
      if (finding.pointer !== undefined) diagnostic.pointer = redactTokens(finding.pointer);
      if (finding.hint !== undefined) diagnostic.hint = redactTokens(finding.hint);
      if (finding.keyword !== undefined) diagnostic.keyword = finding.keyword;
      diagnostics.push(diagnostic);
    }
  }
  return sortDiagnostics(diagnostics);
}
