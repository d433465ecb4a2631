import { Link } from 'react-router';
import { useT } from '../i18n/i18n';

/**
 * The not-allowed page: an address that does not exist, or a workspace or section the signed-in role may not
 * open (it says which without telling apart the two, as the API's refusals do).
 */
export function NotFound() {
  const t = useT();
  return (
    <section>
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <Link to="/">{t('notFound.home')}</Link>
    </section>
  );
}
