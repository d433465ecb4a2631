import { useId, useState, type FormEvent } from 'react';
import { timeZone, useI18n } from '../i18n/i18n';

/**
 * A list's date range in the business's calendar days (Venezuela): "from" and "to" (inclusive) as YYYY-MM-DD,
 * checked (the end not before the start) and handed to `onApply` (null for an open end); "clear" removes both.
 */
export function DayRangeForm({ from, to, onApply }: { from: string | null; to: string | null; onApply: (from: string | null, to: string | null) => void }) {
  const { t } = useI18n();
  const ids = useId();
  const [range, setRange] = useState({ from: from ?? '', to: to ?? '' });
  const [error, setError] = useState<string | null>(null);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    if (range.from && range.to && range.from > range.to) return setError(t('list.range.invalid'));
    setError(null);
    onApply(range.from || null, range.to || null);
  };
  const described = error ? { 'aria-invalid': true as const, 'aria-describedby': `${ids}-error` } : {};
  return (
    <form className="filters" onSubmit={apply} aria-label={t('list.range')} noValidate>
      <div className="field">
        <label htmlFor={`${ids}-from`}>{t('list.range.from')}</label>
        <input id={`${ids}-from`} type="date" value={range.from} onChange={(e) => setRange((r) => ({ ...r, from: e.target.value }))} {...described} />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-to`}>{t('list.range.to')}</label>
        <input id={`${ids}-to`} type="date" value={range.to} onChange={(e) => setRange((r) => ({ ...r, to: e.target.value }))} {...described} />
      </div>
      <div className="actions">
        <button type="submit">{t('list.range.apply')}</button>
        {from || to ? (
          <button type="button" onClick={() => (setRange({ from: '', to: '' }), setError(null), onApply(null, null))}>
            {t('list.range.clear')}
          </button>
        ) : null}
      </div>
      {error ? (
        <p id={`${ids}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}

/** The UTC instants a day range covers: from the first day's start to the start of the day after the last. */
export function dayRangeInstants(from: string | null, to: string | null): { from: string | null; to: string | null } {
  return { from: from ? dayStart(from) : null, to: to ? dayStart(nextDay(to)) : null };
}

/** The start of a calendar day ("2026-11-21") in the business's time zone, as an ISO instant. */
function dayStart(day: string): string {
  return zonedInstant(day, '00:00');
}

/** A wall-clock day and time ("2026-11-21", "15:30") in the business's time zone (Venezuela), as an ISO instant. */
export function zonedInstant(day: string, time: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const utcWall = Date.UTC(y, m - 1, d, hh, mm);
  // The zone's offset at that moment: the same wall time read in the zone, minus UTC.
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(new Date(utcWall));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const zoned = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return new Date(utcWall - (zoned - utcWall)).toISOString();
}

/** The calendar day after `day` ("2026-11-21" → "2026-11-22"). */
function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}
