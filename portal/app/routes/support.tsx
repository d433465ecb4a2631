import { data, type LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { SupportCustomerCode } from '../graphql/public.server';
import { useT } from '../i18n/i18n';
import { title } from '../lib/meta';
import { page } from '../lib/page.server';

export const meta = title('support.title');

/**
 * `/support`, public: how to reach the business by WhatsApp (BUSINESS_WHATSAPP, through the load context)
 * and when; a signed-in customer also sees their customer code, which the WhatsApp message then carries.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await page(request, context);
  const answer = await api.whenSignedIn(SupportCustomerCode, {});
  const code = answer?.data?.myCustomer?.code ?? null;
  return data({ whatsapp: context.portal.businessWhatsapp, code }, { headers: await api.headers() });
}

export default function SupportPage() {
  const t = useT();
  const { whatsapp, code } = useLoaderData<typeof loader>();
  const message = code ? t('support.whatsappMessageWithCode', { code }) : t('support.whatsappMessage');
  const link = `https://wa.me/${whatsapp.replace(/\D/g, '')}?text=${encodeURIComponent(message)}`;
  return (
    <section className="card narrow">
      <h1>{t('support.title')}</h1>
      <p>{t('support.intro')}</p>
      <p>
        <a className="button link-as-button" href={link} rel="noopener noreferrer">
          {t('support.whatsapp', { phone: whatsapp })}
        </a>
      </p>
      <h2>{t('support.hours')}</h2>
      <p>{t('support.hoursText')}</p>
      {code ? (
        <div className="customer-code">
          <p>{t('support.code')}</p>
          <p className="code">{code}</p>
          <p>{t('support.codeHelp')}</p>
        </div>
      ) : (
        <p>
          {t('support.signIn')} <Link to="/sign-in?redirectTo=/support">{t('nav.signIn')}</Link>
        </p>
      )}
      <p>
        {t('support.tickets')} <Link to="/tickets">{t('nav.tickets')}</Link> · <Link to="/tickets/new">{t('tickets.new')}</Link>
      </p>
      <p>
        <Link to="/faq">{t('support.faq')}</Link>
      </p>
      <p>
        {t('support.track')} <Link to="/track">{t('nav.track')}</Link>
      </p>
    </section>
  );
}
