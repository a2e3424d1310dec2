import type { JobListFilter } from '../../../db/queries/imports';
import type { ImportJobListFilters } from './list-schemas';

/** The time zone the server formats dates in, used when the caller names none. */
export function serverTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** How far the zone's wall clock is ahead of UTC at this instant, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wallClock = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wallClock - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a calendar day (YYYY-MM-DD, `dayOffset` days later) begins in a time zone. The
 * offset is read twice because the day's midnight may lie on the other side of a DST change.
 */
export function startOfDay(day: string, timeZone: string, dayOffset = 0): Date {
  const [year, month, date] = day.split('-').map(Number);
  const midnightAsUtc = Date.UTC(year, month - 1, date + dayOffset);
  const guess = midnightAsUtc - offsetAt(midnightAsUtc, timeZone);
  return new Date(midnightAsUtc - offsetAt(guess, timeZone));
}

/** The list's filters as the query takes them: the inclusive days become a half-open range of instants. */
export function toJobListFilter(filters: ImportJobListFilters): JobListFilter {
  const timeZone = filters.timeZone ?? serverTimeZone();
  return {
    description: filters.description,
    status: filters.status,
    step: filters.step,
    createdFrom: filters.createdFrom ? startOfDay(filters.createdFrom, timeZone) : undefined,
    createdBefore: filters.createdTo ? startOfDay(filters.createdTo, timeZone, 1) : undefined,
  };
}
