import { escapeControl } from '../report/escape-control.js';
import { loadOnDemand } from '../runtime/load-on-demand.js';
import type { Log } from '../runtime/log.js';

/** `--log-format`: one JSON object per event (for a log pipeline), or a timestamped line (for a terminal). */
export type LogFormat = 'json' | 'pretty';
export const logFormats: readonly LogFormat[] = ['json', 'pretty'];

export type { LogFields } from '../runtime/log.js';

/** The engine's log (see Log). */
export type EngineLog = Log;

/**
 * A log writing to `write`: with `json`, pino's objects, one a line
 * (`{"level":"info","time":"…","process":"engine","run":"…","flow":"…","msg":"…"}`); with
 * `pretty`, `<ISO time> <message>` as before, control characters escaped.
 */
export function engineLog(format: LogFormat, write: (text: string) => void, process: 'engine' | 'worker'): EngineLog {
  if (format === 'pretty') return (message) => write(`${new Date().toISOString()} ${escapeControl(message)}\n`);
  // Loaded when asked for, from node_modules: a weft that validates never loads it.
  const pino = loadOnDemand<typeof import('pino')>('pino');
  const logger = pino(
    {
      base: { process },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    { write },
  );
  return (message, fields = {}) => {
    const { level = 'info', ...rest } = fields;
    logger[level](rest, message);
  };
}
