import { formatDateTime } from '../i18n/format';
import { useLocale, useT, type MessageKey } from '../i18n/i18n';

/** One tracking milestone as the API records it (TrackingEvent). */
export interface TimelineEvent {
  /** An OrderState of the logistics flow: PURCHASED, AT_CHINA_WAREHOUSE … DELIVERED. */
  phase: string;
  /** Where it happened ("Almacén Guangzhou"). */
  place?: string | null;
  /** When it happened, ISO 8601 in UTC; shown in Venezuela's time zone. */
  occurredAt: string;
  /** Photos taken there (e.g. `/uploads/<id>`, served to the order's customer); `alt` describes each. */
  photos?: { url: string; alt?: string }[];
}

/**
 * The phases of DESIGN flow step 10, in order. The last mile is one step: OUT_FOR_DELIVERY (courier) or
 * READY_FOR_PICKUP (office pick-up), whichever the events show.
 */
const PHASES = ['PURCHASED', 'AT_CHINA_WAREHOUSE', 'DEPARTED_CHINA', 'IN_CUSTOMS', 'AT_LOCAL_WAREHOUSE', 'LAST_MILE', 'DELIVERED'] as const;
const LAST_MILE = ['OUT_FOR_DELIVERY', 'READY_FOR_PICKUP'];
type Step = (typeof PHASES)[number];

const stepOf = (phase: string): Step | undefined => (LAST_MILE.includes(phase) ? 'LAST_MILE' : PHASES.find((p) => p === phase));

/**
 * The tracking timeline of one order: every phase from purchase to delivery, each with its events (place,
 * local time, photos); the phase reached last is highlighted (`aria-current="step"`) and later phases are
 * shown as pending. Presentational: give it the order's tracking events (any order; sorted here by
 * `occurredAt`). Props: `{ events: { phase, place?, occurredAt, photos?: { url, alt? }[] }[] }`, and
 * optionally `lastMile` (the order's OUT_FOR_DELIVERY or READY_FOR_PICKUP) to name that step before it happens.
 */
export function TrackingTimeline({ events, lastMile: expected }: { events: TimelineEvent[]; lastMile?: 'OUT_FOR_DELIVERY' | 'READY_FOR_PICKUP' }) {
  const t = useT();
  const locale = useLocale();
  const sorted = [...events].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
  const last = sorted.length > 0 ? stepOf(sorted[sorted.length - 1]!.phase) : undefined;
  const current = last ? PHASES.indexOf(last) : -1;
  const lastMile = sorted.find((e) => LAST_MILE.includes(e.phase))?.phase ?? expected;
  return (
    <ol className="timeline">
      {PHASES.map((step, index) => {
        const status = index < current ? 'done' : index === current ? 'current' : 'pending';
        const phaseKey = step === 'LAST_MILE' ? lastMile ?? 'LAST_MILE' : step;
        const stepEvents = sorted.filter((e) => stepOf(e.phase) === step);
        return (
          <li key={step} className={`timeline-step timeline-${status}`} aria-current={status === 'current' ? 'step' : undefined}>
            <p className="timeline-phase">
              <strong>{t(`tracking.phase.${phaseKey}` as MessageKey)}</strong> <span className="timeline-status">{t(`tracking.status.${status}`)}</span>
            </p>
            {stepEvents.map((event, i) => (
              <div key={`${event.phase}-${event.occurredAt}-${i}`} className="timeline-event">
                <p>
                  <time dateTime={event.occurredAt}>{formatDateTime(locale, event.occurredAt)}</time>
                  {event.place ? <> · {event.place}</> : null}
                </p>
                {event.photos?.length ? (
                  <ul className="timeline-photos">
                    {event.photos.map((photo, n) => (
                      <li key={photo.url}>
                        <a href={photo.url} target="_blank" rel="noopener">
                          <img src={photo.url} alt={photo.alt ?? t('tracking.photoAlt', { phase: t(`tracking.phase.${phaseKey}` as MessageKey), n: n + 1 })} width={96} height={96} loading="lazy" />
                        </a>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </div>
            ))}
          </li>
        );
      })}
    </ol>
  );
}
