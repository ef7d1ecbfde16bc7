// Report dates are days in Scotland: a conversation confirmed at 00:30 on 1 April (British Summer
// Time) belongs to 1 April, although it is still 31 March in UTC.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ZONE = 'Europe/London';

const offsetFormat = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, timeZoneName: 'longOffset' });

/** Minutes London is ahead of UTC at an instant (0 or 60). */
function londonOffsetMinutes(instant: number): number {
  const name = offsetFormat.formatToParts(new Date(instant)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** The instant a London day starts (clocks change at 01:00 or 02:00, never at midnight). */
function startOfLondonDay(date: string): number {
  if (!isDate(date)) throw new Error(`not a date: ${date}`);
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  return utcMidnight - londonOffsetMinutes(utcMidnight) * 60_000;
}

/** The London day after a date, as YYYY-MM-DD. */
function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The London calendar date of an instant, as YYYY-MM-DD. */
export function londonDate(instant: number): string {
  return new Date(instant + londonOffsetMinutes(instant) * 60_000).toISOString().slice(0, 10);
}

/** [start, end) in epoch milliseconds for inclusive from/to dates; open ends are infinite. */
export function periodBounds(from?: string, to?: string): { start: number; end: number } {
  return {
    start: from === undefined ? -Infinity : startOfLondonDay(from),
    end: to === undefined ? Infinity : startOfLondonDay(nextDay(to)),
  };
}

const utcDay = (year: number, monthIndex: number, date: number): string => new Date(Date.UTC(year, monthIndex, date)).toISOString().slice(0, 10);

/** The last `months` whole calendar months before today in Scotland (a month still going would look low). */
export function lastFullMonths(now: Date, months: number): { from: string; to: string } {
  const [year, month] = londonDate(now.getTime()).split('-').map(Number);
  // Date.UTC rolls months below 0 back into the year before; day 0 is the last day of the month before.
  return { from: utcDay(year, month - 1 - months, 1), to: utcDay(year, month - 1, 0) };
}
