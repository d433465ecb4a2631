import { data, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { PublicFaq } from '../graphql/tickets.server';
import { useT } from '../i18n/i18n';
import { ApiUnavailable } from '../lib/api.server';
import { title } from '../lib/meta';
import { page } from '../lib/page.server';

export const meta = title('faq.title');

/** `/faq?q=…`, public: the published FAQ, searched in Spanish full text by the API ("pagos" finds "pago"). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await page(request, context);
  const q = (new URL(request.url).searchParams.get('q') ?? '').trim().slice(0, 100);
  const answer = await api.anonymous(PublicFaq, { search: q || null });
  if (answer.refusal) throw new ApiUnavailable(`${answer.refusal.code}: ${answer.refusal.message}`);
  return data({ q, entries: answer.data.faq });
}

export default function FaqPage() {
  const t = useT();
  const { q, entries } = useLoaderData<typeof loader>();
  return (
    <section className="card">
      <h1>{t('faq.title')}</h1>
      <p>{t('faq.intro')}</p>
      <Form method="get" role="search" className="faq-search">
        <div className="field">
          <label htmlFor="faq-q">{t('faq.search')}</label>
          <input id="faq-q" name="q" type="search" defaultValue={q} maxLength={100} />
        </div>
        <button type="submit">{t('faq.searchButton')}</button>
      </Form>
      {entries.length === 0 ? (
        <p>{q ? t('faq.noResults', { q }) : t('faq.empty')}</p>
      ) : (
        <>
          {q ? <p className="hint">{t('faq.results', { count: entries.length, q })}</p> : null}
          <ul className="faq-list">
            {entries.map((e) => (
              <li key={e.id}>
                <details>
                  <summary>{e.question}</summary>
                  <p>{e.answer}</p>
                  <p className="hint">{t(`ticketCategory.${e.category}`)}</p>
                </details>
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        {t('faq.notFound')} <Link to="/tickets/new">{t('tickets.new')}</Link>
      </p>
    </section>
  );
}
