import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../i18n/i18n';
import { refusalOf } from './refusal';

/** A detail page's way back to its list ("..", relative to the route). */
export function BackLink({ label }: { label: string }) {
  return (
    <p>
      <Link to="..">{label}</Link>
    </p>
  );
}

/** A detail page whose record has not come: the way back, and the refusal in plain words or "loading". */
export function DetailPending({ back, error }: { back: ReactNode; error: unknown }) {
  const { t, locale } = useI18n();
  return (
    <section>
      {back}
      {error ? (
        <p className="problem" role="alert">
          {refusalOf(error, t, locale).message}
        </p>
      ) : (
        <p role="status">{t('app.loading')}</p>
      )}
    </section>
  );
}
