/** What a log event is about, beside its message: the run, flow and step it concerns, and more. */
export interface LogFields {
  level?: 'info' | 'warn' | 'error';
  run?: string;
  flow?: string;
  step?: string;
  [field: string]: unknown;
}

/**
 * A log: a message (already redacted by whoever writes it: the engine never logs a body, a
 * header or a resolved placeholder) and the fields it concerns. `--log-format json` writes both
 * as one JSON object; `pretty` writes the message.
 */
export type Log = (message: string, fields?: LogFields) => void;
