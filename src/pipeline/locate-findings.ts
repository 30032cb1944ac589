import type { Diagnostic, Finding } from '../diagnostics/diagnostic.js';
import { sortDiagnostics } from '../diagnostics/sort.js';
import { LineIndex } from '../parse/line-index.js';
import { locatePointer } from '../parse/locate.js';
import { parseYamlDocuments } from '../parse/parse-file.js';
import { redactTokens } from '../lex/secrets.js';

/**
 * Where findings that knew only a pointer were placed, per file and kept while the file's text is
 * the same: watch and lsp validate again on every edit, and would otherwise parse every file with
 * such a finding (a warning in 600 files) again each time.
 */
export type LocationCache = Map<string, { text: string; ranges: Map<string, [number, number]> }>;

/**
 * Places findings on lines and columns. Findings that know only a JSON pointer are located by
 * parsing their file again: files are parsed once more only when they have such findings, so the
 * common, clean case pays nothing and no YAML trees are held in memory meanwhile.
 */
export function locateFindings(findings: readonly Finding[], sources: ReadonlyMap<string, string>, cache?: LocationCache): Diagnostic[] {
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
    let documents: ReturnType<typeof parseYamlDocuments> | undefined;
    let known = cache?.get(file);
    if (cache && known?.text !== text) cache.set(file, (known = { text, ranges: new Map() }));
    for (const finding of fileFindings) {
      let range = finding.range;
      if (!range) {
        const key = `${finding.document ?? 0}#${finding.pointer ?? ''}#${finding.atKey ? 1 : 0}#${finding.within?.join(',') ?? ''}`;
        range = known?.ranges.get(key);
        if (!range) {
          documents ??= parseYamlDocuments(text);
          const document = documents[finding.document ?? 0];
          range = document ? locatePointer(document, finding.pointer ?? '', finding.atKey, text, finding.within) : [0, 0];
          known?.ranges.set(key, range);
        }
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
