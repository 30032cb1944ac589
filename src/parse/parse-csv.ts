/** A CSV row: its fields and the line it starts on (1-based). */
export interface CsvRow {
  fields: string[];
  line: number;
}

/**
 * RFC 4180 CSV: fields separated by commas, quoted with '"' ('""' is a quote inside one), rows
 * ended by CRLF or LF; a UTF-8 byte order mark is skipped. Throws with the line of a quote that
 * is never closed. Blank lines are skipped.
 */
export function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (at < text.length) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let ended = false;
    while (!ended) {
      if (text[at] === '"') {
        const opened = line;
        at++;
        for (;;) {
          if (at >= text.length) throw new Error(`line ${opened}: a quoted field is not closed`);
          const character = text[at]!;
          if (character === '"') {
            if (text[at + 1] === '"') {
              field += '"';
              at += 2;
              continue;
            }
            at++;
            break;
          }
          if (character === '\n') line++;
          field += character;
          at++;
        }
      }
      while (at < text.length && text[at] !== ',' && text[at] !== '\n' && text[at] !== '\r') field += text[at++];
      fields.push(field);
      field = '';
      if (text[at] === ',') {
        at++;
        continue;
      }
      if (text[at] === '\r') at++;
      if (text[at] === '\n') at++;
      line++;
      ended = true;
    }
    if (!(fields.length === 1 && fields[0] === '')) rows.push({ fields, line: start });
  }
  return rows;
}
