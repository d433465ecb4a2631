import { useMutation } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { graphql } from '../../graphql/generated';
import type { OrderState } from '../../graphql/generated/graphql';
import { isMessageKey, useI18n } from '../../i18n/i18n';
import { refusalOf } from '../../lib/refusal';
import { TrackingClaims, useTrackedOrders } from './tracking-claims';
import { UploadRefused, uploadPhoto } from './upload-photo';

const Record = graphql(`
  mutation LogisticsRecordTracking($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { id phase order { id number state nextStates } } }
`);

/** What the event is recorded for: one order, or a box (every order in it moves, or none). */
export interface TrackingTarget {
  kind: 'order' | 'box';
  id: string;
  number: string;
  /** The phases it can reach next (see phases.ts); the first is preselected. */
  phases: OrderState[];
}

const MAX_PHOTOS = 10;
type Field = 'place' | 'note' | 'photos';

/**
 * One tracking event → `recordTrackingEvent`: the next phase (only those the target can reach), where it
 * happened, a note and up to 10 photos, uploaded first through `POST /uploads`. The API refuses with
 * INVALID_TRANSITION / WRONG_DELIVERY_MODE when an order moved meanwhile, and ALREADY_CLAIMED when another
 * agent holds one of the orders — so above the fields it says who holds them, and while someone else holds
 * any the fields are disabled (see TrackingClaims).
 */
export function TrackingForm({ target, onDone, onCancel }: { target: TrackingTarget; onDone(message: string): void; onCancel(): void }) {
  const { t, locale } = useI18n();
  const ids = useId();
  const [record] = useMutation(Record);
  const [phase, setPhase] = useState<OrderState>(target.phases[0]!);
  const [place, setPlace] = useState('');
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const tracked = useTrackedOrders(target);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const found: Partial<Record<Field, string>> = {};
    if (place.trim().length < 2 || place.trim().length > 200) found.place = t('logistics.tracking.placeInvalid');
    if (note.length > 2000) found.note = t('logistics.package.noteTooLong');
    if (photos.length > MAX_PHOTOS) found.photos = t('logistics.tracking.tooManyPhotos', { max: MAX_PHOTOS });
    setErrors(found);
    const first = (['place', 'note', 'photos'] as Field[]).find((f) => found[f]);
    if (first) {
      document.getElementById(`${ids}-${first}`)?.focus();
      return;
    }
    setSending(true);
    try {
      const photoUploadIds: string[] = [];
      for (const photo of photos) photoUploadIds.push(await uploadPhoto(photo));
      const input = { ...(target.kind === 'box' ? { boxId: target.id } : { orderId: target.id }), phase, place: place.trim(), note: note.trim() || null, photoUploadIds };
      const { data } = await record({ variables: { input } });
      const orders = (data?.recordTrackingEvent ?? []).map((e) => e.order.number).sort().join(', ');
      onDone(t('logistics.tracking.done', { phase: t(`orderState.${phase}`), orders }));
    } catch (error) {
      if (error instanceof UploadRefused) {
        if (error.code === 'UNAUTHENTICATED') return;
        const key = `refusal.${error.code}`;
        setErrors({ photos: isMessageKey(key) ? t(key) : t('logistics.tracking.photoRefused') });
        return;
      }
      const refusal = refusalOf(error, t, locale);
      if (refusal.code === 'UNAUTHENTICATED') return;
      if (refusal.field === 'place' || refusal.field === 'note') setErrors({ [refusal.field]: refusal.message });
      else if (refusal.field === 'photoUploadIds') setErrors({ photos: refusal.message });
      else if (refusal.code === 'INVALID_TRANSITION' || refusal.code === 'WRONG_DELIVERY_MODE') setProblem(t('logistics.tracking.moved'));
      else setProblem(refusal.message);
    } finally {
      setSending(false);
    }
  };
  const described = (field: Field) => (errors[field] ? { 'aria-invalid': true as const, 'aria-describedby': `${ids}-${field}-error` } : {});
  const title = target.kind === 'box' ? t('logistics.tracking.formTitleBox', { number: target.number }) : t('logistics.tracking.formTitleOrder', { number: target.number });

  return (
    <form className="sourcing" onSubmit={submit} noValidate aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{title}</h2>
      {target.kind === 'box' ? <p>{t('logistics.tracking.boxHint')}</p> : null}
      <TrackingClaims target={target} tracked={tracked} />
      <fieldset className="plain" disabled={!tracked.mayWork}>
      <div className="grid-2">
        <div className="field">
          <label htmlFor={`${ids}-phase`}>{t('logistics.tracking.phase')}</label>
          <select id={`${ids}-phase`} value={phase} onChange={(e) => setPhase(e.target.value as OrderState)}>
            {target.phases.map((p) => (
              <option key={p} value={p}>{t(`orderState.${p}`)}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-place`}>{t('logistics.tracking.place')}</label>
          <input id={`${ids}-place`} autoComplete="off" maxLength={200} value={place} onChange={(e) => setPlace(e.target.value)} {...described('place')} />
          {errors.place ? <p id={`${ids}-place-error`} className="field-error">{errors.place}</p> : null}
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${ids}-note`}>{t('logistics.tracking.note')}</label>
        <textarea id={`${ids}-note`} rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} {...described('note')} />
        {errors.note ? <p id={`${ids}-note-error`} className="field-error">{errors.note}</p> : null}
      </div>
      <div className="field">
        <label htmlFor={`${ids}-photos`}>{t('logistics.tracking.photos', { max: MAX_PHOTOS })}</label>
        <input id={`${ids}-photos`} type="file" multiple accept="image/jpeg,image/png,image/webp" onChange={(e) => setPhotos([...(e.target.files ?? [])])} {...described('photos')} />
        {photos.length > 0 ? <p>{t('logistics.tracking.photosChosen', { names: photos.map((p) => p.name).join(', ') })}</p> : null}
        {errors.photos ? <p id={`${ids}-photos-error`} className="field-error">{errors.photos}</p> : null}
      </div>
      </fieldset>
      <div className="actions">
        <button type="submit" className="primary" disabled={sending || !tracked.mayWork}>
          {sending ? t('sourcing.sending') : t('logistics.tracking.submit')}
        </button>
        <button type="button" onClick={onCancel}>{t('payments.supplier.cancel')}</button>
        {problem ? <p className="problem" role="alert">{problem}</p> : null}
      </div>
    </form>
  );
}
