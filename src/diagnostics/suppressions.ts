import { diagnosticCodes, type DiagnosticCode } from './codes.js';
import type { Diagnostic } from './diagnostic.js';
import { didYouMean } from './suggest.js';
import { sortDiagnostics } from './sort.js';

/** A diagnostic that a `# weft-ignore` comment suppressed, with the reason it gives. */
export interface SuppressedDiagnostic extends Diagnostic {
  suppression: { reason: string; line: number };
}

/**
 * Codes a comment may suppress: warnings, and plaintext-secret (its heuristics can be wrong about
 * a value). Other errors stay: a project with them does not compile or would not run correctly.
 */
export function isSuppressible(code: DiagnosticCode): boolean {
  return diagnosticCodes[code].severity === 'warning' ? code !== 'bad-suppression' && code !== 'unused-suppression' : code === 'plaintext-secret';
}

interface Ignore {
  file: string;
  /** Where the comment is (1-based line, columns of '#' and its end). */
  line: number;
  column: number;
  endColumn: number;
  /** The line it applies to: its own (a trailing comment) or the next line that is not a comment. */
  target: number;
  codes: DiagnosticCode[];
  reason: string;
  used: Set<DiagnosticCode>;
}

const marker = /#\s*weft-ignore\b(.*)$/;
const body = /^\s+([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*(?::(.*))?$/;

/**
 * Applies the `# weft-ignore <code>[, <code>]: <reason>` comments of every file: a comment at the
 * end of a line covers that line; a comment alone on its line covers the next line that is not a
 * comment. Returns the diagnostics left (with a warning for each comment that has no reason,
 * names a code it cannot suppress, or suppresses nothing — once every file parses) and the
 * suppressed ones.
 */
export function applySuppressions(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>): { diagnostics: Diagnostic[]; suppressed: SuppressedDiagnostic[] } {
  const problems: Diagnostic[] = [];
  const ignores = new Map<string, Ignore[]>();
  for (const [file, text] of sources) {
    // Looked for in every text every time: a set of the texts known to hold none (watch mode asks
    // of the same texts every cycle) took as long to look in, and ten times as long to fill.
    if (!text.includes('weft-ignore')) continue;
    const found = scanFile(file, text, problems);
    if (found.length > 0) ignores.set(file, found);
  }
  if (ignores.size === 0) return { diagnostics: problems.length > 0 ? sortDiagnostics([...diagnostics, ...problems]) : [...diagnostics], suppressed: [] };

  const kept: Diagnostic[] = [];
  const suppressed: SuppressedDiagnostic[] = [];
  for (const diagnostic of diagnostics) {
    const ignore = ignores.get(diagnostic.file)?.find((candidate) => candidate.target === diagnostic.line && candidate.codes.includes(diagnostic.code));
    if (ignore && isSuppressible(diagnostic.code)) {
      ignore.used.add(diagnostic.code);
      suppressed.push({ ...diagnostic, suppression: { reason: ignore.reason, line: ignore.line } });
    } else {
      kept.push(diagnostic);
    }
  }
  // A file that does not parse takes its resources out of the checks that look across files (an
  // instance it uses is "unused" without it, and weft says nothing then): a suppression elsewhere
  // is not known to be unused until every file parses.
  const incomplete = diagnostics.some((diagnostic) => diagnostic.code === 'yaml-syntax');
  for (const list of incomplete ? [] : ignores.values()) {
    for (const ignore of list) {
      for (const code of ignore.codes) {
        if (ignore.used.has(code)) continue;
        problems.push(at(ignore, 'unused-suppression', `# weft-ignore ${code} suppresses nothing: there is no ${code} diagnostic on line ${ignore.target}`, 'remove the comment, or move it to the line above the diagnostic'));
      }
    }
  }
  return { diagnostics: sortDiagnostics([...kept, ...problems]), suppressed };
}

function scanFile(file: string, text: string, problems: Diagnostic[]): Ignore[] {
  const lines = text.split(/\r?\n/);
  const blockScalar = blockScalarLines(lines);
  const found: Ignore[] = [];
  /** Whether a line is only a weft-ignore comment (such lines stack above the line they cover). */
  const onlyIgnore = (line: string) => /^\s*#\s*weft-ignore\b/.test(line);
  lines.forEach((line, index) => {
    if (!line.includes('weft-ignore') || blockScalar.has(index)) return;
    const hash = commentStart(line);
    if (hash === undefined) return;
    const match = marker.exec(line.slice(hash));
    if (!match) return;
    // Alone on its line (the line's first '#', nothing before it): it covers the next line that is
    // not blank or another ignore. Anywhere else, including after a commented-out value, its own.
    const own = match.index === 0 && line.slice(0, hash).trim() === '';
    let target = index + 1;
    if (own) {
      target = index + 2;
      while (target <= lines.length && (lines[target - 1]!.trim() === '' || onlyIgnore(lines[target - 1]!))) target++;
    }
    const column = hash + match.index;
    const place = { file, line: index + 1, column: column + 1, endColumn: line.length + 1, target };
    const parsed = body.exec(match[1]!);
    if (!parsed) {
      problems.push(at(place, 'bad-suppression', 'a # weft-ignore comment names the codes it suppresses and why', 'write it as: # weft-ignore <code>: <reason>'));
      return;
    }
    const reason = (parsed[2] ?? '').trim();
    if (reason === '') {
      problems.push(at(place, 'bad-suppression', `# weft-ignore ${parsed[1]} gives no reason, so it suppresses nothing`, `say why: # weft-ignore ${parsed[1]}: <reason>`));
      return;
    }
    const codes: DiagnosticCode[] = [];
    for (const code of parsed[1]!.split(',').map((part) => part.trim())) {
      if (!Object.prototype.hasOwnProperty.call(diagnosticCodes, code)) {
        problems.push(at(place, 'bad-suppression', `# weft-ignore names '${code}', which is not a weft diagnostic code`, didYouMean(code, Object.keys(diagnosticCodes)) ?? 'see weft validate --help'));
      } else if (!isSuppressible(code as DiagnosticCode)) {
        problems.push(at(place, 'bad-suppression', `${code} cannot be suppressed: the project would not compile or run correctly with it`, 'fix the problem instead; only warnings and plaintext-secret can be suppressed'));
      } else {
        codes.push(code as DiagnosticCode);
      }
    }
    if (codes.length > 0) found.push({ ...place, codes, reason, used: new Set() });
  });
  return found;
}

/**
 * Lines inside block scalars (`key: |` or `- >-` and the more-indented lines after): text there
 * is content, not comments.
 */
function blockScalarLines(lines: readonly string[]): Set<number> {
  const inside = new Set<number>();
  let parentIndent = -1;
  lines.forEach((line, index) => {
    const indent = line.length - line.trimStart().length;
    if (parentIndent >= 0) {
      if (line.trim() === '' || indent > parentIndent) {
        inside.add(index);
        return;
      }
      parentIndent = -1;
    }
    if (/(?:^\s*-|:)\s+[|>][-+0-9]*\s*(?:#.*)?$/.test(line)) parentIndent = indent;
  });
  return inside;
}

/** Where a YAML comment starts on a line: a '#' at its start or after a space, outside quotes. */
function commentStart(line: string): number | undefined {
  let quote: string | undefined;
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!;
    if (quote) {
      if (char === '\\' && quote === '"') index++;
      else if (char === "'" && quote === "'" && line[index + 1] === "'") index++;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      // A quote opens a string only where a scalar can start (after ': ', '- ', '[', '{', ',' or at the start).
      if (/(^|[\s:[{,-])$/.test(line.slice(0, index))) quote = char;
    } else if (char === '#' && (index === 0 || /\s/.test(line[index - 1]!))) {
      return index;
    }
  }
  return undefined;
}

function at(place: { file: string; line: number; column: number; endColumn: number }, code: DiagnosticCode, message: string, hint?: string): Diagnostic {
  return { severity: diagnosticCodes[code].severity, code, message, file: place.file, line: place.line, column: place.column, endLine: place.line, endColumn: place.endColumn, ...(hint && { hint }) };
}
