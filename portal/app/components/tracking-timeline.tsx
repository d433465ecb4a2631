import { formatDateTime } from '../i18n/format';
import { useLocale, useT, type MessageKey } from '../i18n/i18n';

/** Every phase the timeline can name: the API's OrderState values and the public tracking's PROCESSING. */
export type TrackingPhase = MessageKey extends infer K ? (K extends `trackingPhase.${infer P}` ? P : never) : never;

/** One milestone as the API answers it (TrackingEvent or PublicTrackingEvent). */
export interface TrackingTimelineEvent {
  /** OrderState or PublicOrderPhase value, e.g. `AT_CHINA_WAREHOUSE`; shown as its `trackingPhase.*` label. */
  phase: TrackingPhase;
  /** Where it happened, as staff typed it ("Almacén Guangzhou"). */
  place: string;
  /** ISO 8601 instant (UTC); shown in Venezuela's time. */
  occurredAt: string;
  /** Photos of the milestone: any URL the browser may load from this origin (e.g. `/uploads/<id>?…`). */
  photos?: readonly { url: string }[];
}

/**
 * The tracking timeline of one order, shared by the public tracking page and the signed-in order page:
 * `<TrackingTimeline events={[{ phase, place, occurredAt, photos? }]} />`, rendered in the order given
 * (the API answers oldest first), each milestone with its phase label (es/en), place, local time and photos.
 * It draws no heading: the page puts it under its own. No events: a plain "nothing yet" line.
 */
export function TrackingTimeline({ events }: { events: readonly TrackingTimelineEvent[] }) {
  const t = useT();
  const locale = useLocale();
  if (events.length === 0) return <p className="empty">{t('timeline.empty')}</p>;
  return (
    <ol className="timeline">
      {events.map((event, i) => {
        const phase = t(`trackingPhase.${event.phase}`);
        return (
          <li key={`${event.occurredAt}-${i}`}>
            <p className="timeline-phase">{phase}</p>
            <p className="timeline-meta">
              {event.place} · <time dateTime={event.occurredAt}>{formatDateTime(locale, event.occurredAt)}</time> ({t('timeline.localTime')})
            </p>
            {event.photos?.length ? (
              <ul className="timeline-photos" aria-label={t('timeline.photos', { phase })}>
                {event.photos.map((photo, n) => (
                  <li key={photo.url}>
                    <a href={photo.url}>
                      <img src={photo.url} alt={t('timeline.photo', { n: n + 1, phase, place: event.place })} width={96} height={96} loading="lazy" />
                    </a>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
