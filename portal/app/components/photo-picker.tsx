import { useEffect, useRef, useState, type DragEvent } from 'react';
import { MAX_REQUEST_PHOTOS } from '../forms/schemas';
import { useT } from '../i18n/i18n';

/** What the API's /uploads accepts (api/src/modules/uploads), checked here first so nobody waits for a refusal. */
const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp'];
const MAX_BYTES = 5 * 1024 * 1024;

interface Photo {
  key: string;
  name: string;
  preview: string;
  percent: number;
  id?: string;
  error?: string;
}

/**
 * Product photos: chosen, taken with the phone's camera or dropped; checked for type and size, previewed,
 * and uploaded at once through the portal's `POST /photos` with visible progress. Each uploaded photo
 * becomes a hidden `name` input of the form. `onBusy` says whether an upload is still running. `max`,
 * `legend`, `hint`, `tooMany` and `chooseLabel` adapt it to other images (a payment's one proof, a chat's images;
 * the button's own name tells them apart from a page's picker); by default product photos.
 */
export function PhotoPicker({ name, onBusy, max = MAX_REQUEST_PHOTOS, legend, hint, tooMany, chooseLabel }: { name: string; onBusy: (busy: boolean) => void; max?: number; legend?: string; hint?: string; tooMany?: string; chooseLabel?: string }) {
  const t = useT();
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  const sequence = useRef(0);
  const busy = photos.some((p) => !p.id && !p.error);
  useEffect(() => {
    onBusy(busy);
  }, [busy, onBusy]);
  useEffect(() => () => photos.forEach((p) => URL.revokeObjectURL(p.preview)), []); // eslint-disable-line react-hooks/exhaustive-deps

  const update = (key: string, change: Partial<Photo>) => setPhotos((all) => all.map((p) => (p.key === key ? { ...p, ...change } : p)));

  function upload(photo: Photo, file: File) {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/photos');
    xhr.setRequestHeader('Content-Type', file.type);
    xhr.upload.onprogress = (e) => e.lengthComputable && update(photo.key, { percent: Math.round((e.loaded / e.total) * 100) });
    xhr.onload = () => {
      let body: { id?: string; errors?: { extensions?: { code?: string } }[] } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // Not JSON: reported as an unknown failure below.
      }
      if (xhr.status === 201 && body.id) update(photo.key, { id: body.id, percent: 100 });
      else update(photo.key, { error: refusal(body.errors?.[0]?.extensions?.code) });
    };
    xhr.onerror = () => update(photo.key, { error: t('refusal.UNKNOWN') });
    xhr.send(file);
  }

  function refusal(code: string | undefined): string {
    if (code === 'UPLOAD_INVALID' || code === 'UPLOAD_TOO_LARGE' || code === 'UPLOAD_QUOTA_EXCEEDED' || code === 'SERVER_BUSY') return t(`refusal.${code}`);
    return t('refusal.UNKNOWN');
  }

  function add(files: FileList | File[]) {
    const found: string[] = [];
    const room = max - photos.filter((p) => !p.error).length;
    const chosen = Array.from(files);
    if (chosen.length > room) found.push(tooMany ?? t('quoteNew.tooManyPhotos'));
    const added: Photo[] = [];
    for (const file of chosen.slice(0, Math.max(0, room))) {
      if (!ACCEPTED.includes(file.type)) found.push(t('quoteNew.photoWrongType', { name: file.name }));
      else if (file.size > MAX_BYTES) found.push(t('quoteNew.photoTooLarge', { name: file.name }));
      else {
        sequence.current += 1;
        const photo = { key: `p${sequence.current}`, name: file.name, preview: URL.createObjectURL(file), percent: 0 };
        added.push(photo);
        upload(photo, file);
      }
    }
    setProblems(found);
    setPhotos((all) => [...all, ...added]);
  }

  function remove(photo: Photo) {
    URL.revokeObjectURL(photo.preview);
    setPhotos((all) => all.filter((p) => p.key !== photo.key));
  }

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    add(e.dataTransfer.files);
  };

  return (
    <fieldset className="field photos" onDragOver={(e) => e.preventDefault()} onDrop={onDrop} aria-describedby={`${name}-hint`}>
      <legend>
        {legend ?? t('quoteNew.photos')} <span className="optional">{t('form.optional')}</span>
      </legend>
      <p className="hint" id={`${name}-hint`}>
        {hint ?? t('quoteNew.photosHint')}
      </p>
      <div className="photo-buttons">
        <label className="button secondary file-button">
          {chooseLabel ?? t('quoteNew.choosePhotos')}
          <input type="file" accept={ACCEPTED.join(',')} multiple={max > 1} className="visually-hidden" onChange={(e) => e.target.files && (add(e.target.files), (e.target.value = ''))} />
        </label>
        <label className="button secondary file-button camera">
          {t('quoteNew.takePhoto')}
          <input type="file" accept="image/*" capture="environment" className="visually-hidden" onChange={(e) => e.target.files && (add(e.target.files), (e.target.value = ''))} />
        </label>
      </div>
      <div role="alert">
        {problems.map((p) => (
          <p key={p} className="field-error">
            {p}
          </p>
        ))}
      </div>
      <ul className="photo-list">
        {photos.map((photo) => (
          <li key={photo.key}>
            <img src={photo.preview} alt="" width={72} height={72} />
            <div>
              {photo.error ? (
                <p className="field-error">{t('quoteNew.photoFailed', { name: photo.name, reason: photo.error })}</p>
              ) : photo.id ? (
                <p>{t('quoteNew.photoUploaded', { name: photo.name })}</p>
              ) : (
                <>
                  <p>{t('quoteNew.photoUploading', { name: photo.name, percent: photo.percent })}</p>
                  <progress max={100} value={photo.percent} aria-label={photo.name} />
                </>
              )}
              <button type="button" className="link-button" onClick={() => remove(photo)}>
                {t('quoteNew.removePhoto', { name: photo.name })}
              </button>
            </div>
            {photo.id ? <input type="hidden" name={name} value={photo.id} /> : null}
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
