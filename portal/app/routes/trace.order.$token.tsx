import { data, type LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { TraceHistory, TraceQr, TraceStatus, VerifyYourself } from '../components/trace-verification';
import { OrderTraceQuery } from '../graphql/trace.server';
import { useT } from '../i18n/i18n';
import { useTraceLive } from '../live/use-trace-live';
import { title } from '../lib/meta';
import { page } from '../lib/page.server';
import { refusalText } from '../lib/refusal.server';

export const meta = title('trace.title');

/**
 * `/trace/order/:token`, the public page an order's QR code opens: its tracking history, chained and verified
 * against the chain now, named by the unguessable token of its link (no order number or customer data in the
 * address). Unknown tokens are a 404 page.
 */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const token = params.token ?? '';
  if (token.length === 0 || token.length > 64) throw new Response('Not found', { status: 404 });
  const { api, locale, t } = await page(request, context);
  const answer = await api.anonymous(OrderTraceQuery, { token });
  if (answer.refusal) {
    if (answer.refusal.code === 'TRACE_NOT_FOUND') throw new Response('Not found', { status: 404 });
    throw data({ message: refusalText(t, locale, answer.refusal) }, 429);
  }
  return answer.data.orderTrace;
}

export default function OrderTracePage() {
  const t = useT();
  const trace = useLoaderData<typeof loader>();
  useTraceLive({ order: trace.token });
  return (
    <section className="card" aria-labelledby="trace-title">
      <h1 id="trace-title">{t('trace.orderTitle', { number: trace.orderNumber })}</h1>
      <p>{t('trace.orderIntro')}</p>
      <TraceStatus verification={trace.verification} />
      <TraceHistory verification={trace.verification} />
      <TraceQr label={trace.label} />
      <VerifyYourself verification={trace.verification} fileName={`morna-trace-${trace.orderNumber}.json`} />
    </section>
  );
}
