/** A duration as flows write it: a whole number of seconds, minutes, hours, days or weeks ('90d', '12h'). */
export const durationPattern = '^[1-9][0-9]{0,5}(s|m|h|d|w)$';

const unitMs = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** A duration's milliseconds; undefined for text that is not one. */
export function durationMs(text: unknown): number | undefined {
  const match = typeof text === 'string' ? new RegExp(durationPattern).exec(text) : null;
  return match ? Number(match[0].slice(0, -1)) * unitMs[match[1] as keyof typeof unitMs] : undefined;
}
