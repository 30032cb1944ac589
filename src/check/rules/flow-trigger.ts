import { Cron } from 'croner';
import type { CheckContext, Rule } from '../context.js';
import type { Resource } from '../../schema/resource.js';
import { didYouMean } from '../../diagnostics/suggest.js';

/** Names every ICU knows that the canonical list leaves out (UTC is the most common zone of all). */
const validZones = new Map<string, boolean>(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT'].map((zone) => [zone, true]));
let canonicalZones: Set<string> | undefined;

/** Whether a name is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  // The canonical list is cheap; constructing a DateTimeFormat first loads all of ICU's zone
  // data (~25 ms), so it only settles names the list lacks (UTC, aliases, typos).
  canonicalZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (canonicalZones.has(zone)) return true;
  let valid = validZones.get(zone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      valid = zone.length > 0;
    } catch {
      valid = false;
    }
    validZones.set(zone, valid);
  }
  return valid;
}

const cronChecks = new Map<string, { error: string | null; fires: boolean }>();

/**
 * Why croner rejects a cron expression (or null), and whether a valid one ever fires (the 31st
 * of February, of April, … never does); cached, as projects repeat schedules. Days of month and
 * of week are OR'ed, as the engine runs them. A fixed offset, not a time zone: whether a date
 * matches does not depend on the zone, and a zone makes croner build an Intl.DateTimeFormat
 * (ICU's zone data: ~13 ms of every validate).
 */
function checkCron(pattern: string): { error: string | null; fires: boolean } {
  let checked = cronChecks.get(pattern);
  if (checked === undefined) {
    try {
      checked = { error: null, fires: new Cron(pattern, { paused: true, utcOffset: 0 }).nextRun() !== null };
    } catch (caught) {
      checked = { error: caught instanceof Error ? caught.message.replace(/^CronPattern: /, '') : String(caught), fires: false };
    }
    cronChecks.set(pattern, checked);
  }
  return checked;
}

/** Schedules have a cron expression croner accepts and a real time zone. */
export const flowTrigger: Rule = {
  codes: ['bad-cron', 'cron-never-fires', 'bad-timezone'],
  description: 'Schedule triggers parse.',
  check(ctx) {
    // Each flow's schedule on its own: replayed while the flow is unchanged.
    ctx.sweep('flow-trigger', ctx.valid('Flow'), (flow) => {
      const schedule = flow.value.spec.trigger.schedule;
      if (schedule) checkSchedule(ctx, flow, schedule);
    });
  },
};

function checkSchedule(ctx: CheckContext, flow: Resource<'Flow'>, schedule: { cron: string; timezone?: string }): void {
  const { error: reason, fires } = checkCron(schedule.cron);
  if (reason === null && !fires) {
    ctx.report(flow, '/spec/trigger/schedule/cron', 'cron-never-fires', `'${schedule.cron}' never fires: no date matches its day of month and month`, {
      hint: 'a month with fewer days (the 30th or 31st of February, the 31st of April, June, September or November) never comes; use the last day that exists, or L for the last day of the month',
    });
  }
  if (reason !== null) {
    ctx.report(flow, '/spec/trigger/schedule/cron', 'bad-cron', `'${schedule.cron}' is not a valid cron expression: ${reason.charAt(0).toLowerCase() + reason.slice(1)}`, {
      hint: "five fields: minute hour day-of-month month day-of-week, e.g. '*/15 * * * *'",
    });
  }
  if (schedule.timezone !== undefined && !isTimeZone(schedule.timezone)) {
    ctx.report(flow, '/spec/trigger/schedule/timezone', 'bad-timezone', `'${schedule.timezone}' is not an IANA time zone`, {
      hint: didYouMean(schedule.timezone, Intl.supportedValuesOf('timeZone')) ?? "for example 'Europe/London' or 'UTC'",
    });
  }
}
