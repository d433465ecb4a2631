import { CombinedGraphQLErrors } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { graphql } from '../../graphql/generated';
import type { ShippingMethod, VenezuelaPreviewQuery } from '../../graphql/generated/graphql';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { refusalOf } from '../../lib/refusal';
import { useSession } from '../../session/session';
import { formatDecimal, formatPercent, formatUsd, formatVes, parseDollars } from './money';
import type { PricedRequest } from './pricing-page';
import { Problem } from '../../lib/problem';

const Preview = graphql(`
  query VenezuelaPreview($id: ID!) {
    quotePricePreview(requestId: $id) {
      parametersVersion volumetricDivisor profitMargin usdPaymentDiscount
      options {
        shippingMethod actualWeightKg volumetricWeightKg chargeableWeightKg volumeCubicMeters chargeableBasis freightRateMinor
        productMinor chinaShippingMinor freightMinor nationalDeliveryMinor subtotalMinor marginMinor totalUsdMinor totalVesMinor vesPerUsd usdPaymentMinor
      }
    }
  }
`);
const SendQuote = graphql(`
  mutation VenezuelaSendQuote($id: ID!, $input: SendQuoteInput!) {
    sendQuote(requestId: $id, input: $input) {
      id state queue round responseDeadline
      options { id shippingMethod totalUsdMinor suggestedTotalUsdMinor overrideReason estimatedDeliveryAt }
      quoteMessage { text phone whatsAppUrl }
    }
  }
`);

type Preview = VenezuelaPreviewQuery['quotePricePreview'];
type Breakdown = Preview['options'][number];
/** What the agent typed for one method, as typed. */
interface MethodDraft {
  price: string;
  reason: string;
  eta: string;
}
type Field = keyof MethodDraft;
type Errors = Partial<Record<ShippingMethod, Partial<Record<Field, string>>>>;

/** API input fields → the form field their refusal shows next to. */
const apiFields: Record<string, Field> = { overrideTotalUsdMinor: 'price', overrideReason: 'reason', estimatedDeliveryAt: 'eta' };

/** A calendar day (yyyy-mm-dd) as noon in Caracas, UTC ISO: the ETA is a day, and noon keeps it that day everywhere in the Americas. */
const etaInstant = (day: string) => new Date(`${day}T12:00:00-04:00`).toISOString();
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Caracas' }).format(new Date());

/**
 * The pricing form: per requested shipping method, the suggested price with its breakdown from the Master
 * parameters (the API's `quotePricePreview`, priced as `sendQuote` will), an optional final price that
 * overrides it (a reason is then required; both are stored with the quote and audited), and the estimated
 * delivery day. "Send" sends the quote (`sendQuote`) and returns to the queue; "Send by WhatsApp" sends it and
 * stays to show the message to send. Errors show next to their field, others next to the buttons. `disabled`
 * while someone else holds the request (claims).
 */
export function QuoteForm({ request, disabled = false }: { request: PricedRequest; disabled?: boolean }) {
  const { t, locale } = useI18n();
  const session = useSession();
  const navigate = useNavigate();
  const mayOverride = session.can('quote:override-price');
  const preview = useQuery(Preview, { variables: { id: request.id }, fetchPolicy: 'network-only' });
  const [sendQuote, sending] = useMutation(SendQuote);
  const [drafts, setDrafts] = useState<Record<string, MethodDraft>>({});
  const [errors, setErrors] = useState<Errors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const formId = useId();
  const idOf = (method: ShippingMethod, field: Field) => `${formId}-${method}-${field}`;
  const draftOf = (method: ShippingMethod): MethodDraft => drafts[method] ?? { price: '', reason: '', eta: '' };
  const setField = (method: ShippingMethod, field: Field, value: string) => setDrafts((d) => ({ ...d, [method]: { ...draftOf(method), [field]: value } }));

  const data = preview.data?.quotePricePreview;
  if (!data) {
    return preview.error ? (
      <p className="problem" role="alert">
        {t('venezuela.price.previewError')} {refusalOf(preview.error, t, locale).message}
      </p>
    ) : (
      <p role="status">{t('app.loading')}</p>
    );
  }

  /** The options to send, or the errors per method and field (catalogue texts). */
  const parse = () => {
    const found: Errors = {};
    const add = (m: ShippingMethod, f: Field, key: MessageKey) => ((found[m] ??= {})[f] = t(key));
    const options = data.options.map((b) => {
      const d = draftOf(b.shippingMethod);
      if (!d.eta) add(b.shippingMethod, 'eta', 'form.required');
      else if (d.eta <= today()) add(b.shippingMethod, 'eta', 'venezuela.price.etaPast');
      let override: number | null = null;
      if (d.price.trim()) {
        override = parseDollars(d.price);
        if (override === null || override <= 0) add(b.shippingMethod, 'price', 'venezuela.price.priceInvalid');
        // The suggestion typed again is no override.
        else if (override === b.totalUsdMinor) override = null;
        else if (d.reason.trim().length < 3) add(b.shippingMethod, 'reason', 'venezuela.price.reasonRequired');
      }
      return {
        shippingMethod: b.shippingMethod,
        estimatedDeliveryAt: d.eta ? etaInstant(d.eta) : '',
        overrideTotalUsdMinor: override,
        overrideReason: override !== null ? d.reason.trim() : null,
      };
    });
    return { options, found };
  };

  const submit = async (event: FormEvent, whatsApp: boolean) => {
    event.preventDefault();
    setProblem(null);
    const { options, found } = parse();
    const methods = Object.keys(found) as ShippingMethod[];
    if (methods.length > 0) {
      setErrors(found);
      const first = methods[0]!;
      const field = (['price', 'reason', 'eta'] as const).find((f) => found[first]?.[f]);
      if (field) document.getElementById(idOf(first, field))?.focus();
      return;
    }
    setErrors({});
    try {
      await sendQuote({ variables: { id: request.id, input: { options, whatsApp: false } } });
      if (!whatsApp) navigate('..', { state: { sent: request.number } });
    } catch (error) {
      const refusal = refusalOf(error, t, locale);
      if (refusal.code === 'UNAUTHENTICATED') return;
      const method = CombinedGraphQLErrors.is(error) ? (error.errors[0]?.extensions?.shippingMethod as ShippingMethod | undefined) : undefined;
      const field = refusal.field ? apiFields[refusal.field] : undefined;
      if (method && field) {
        const text = field === 'reason' ? t('venezuela.price.reasonRequired') : field === 'eta' ? t('venezuela.price.etaPast') : refusal.message;
        setErrors({ [method]: { [field]: text } });
        document.getElementById(idOf(method, field))?.focus();
      } else {
        setProblem(refusal.message);
      }
    }
  };

  const input = (b: Breakdown, field: Field) => {
    const m = b.shippingMethod;
    const error = errors[m]?.[field];
    const errorId = `${idOf(m, field)}-error`;
    const label: Record<Field, MessageKey> = { price: 'venezuela.price.override', reason: 'venezuela.price.reason', eta: 'venezuela.price.eta' };
    const common = {
      id: idOf(m, field),
      value: draftOf(m)[field],
      'aria-invalid': error ? true : undefined,
      'aria-describedby': [error ? errorId : null, field === 'price' ? `${idOf(m, field)}-hint` : null].filter(Boolean).join(' ') || undefined,
      onChange: (e: { target: { value: string } }) => setField(m, field, e.target.value),
    };
    return (
      <div className="field">
        <label htmlFor={idOf(m, field)}>
          {t(label[field], { method: t(`method.${m}`) })}{' '}
          {field === 'price' ? <span className="optional">{t('form.optional')}</span> : field === 'reason' ? <span className="optional">{t('venezuela.price.reasonWhen')}</span> : null}
        </label>
        {field === 'reason' ? (
          <textarea {...common} rows={2} maxLength={1000} />
        ) : field === 'eta' ? (
          <input {...common} type="date" min={today()} required />
        ) : (
          <input {...common} type="text" inputMode="decimal" autoComplete="off" />
        )}
        {field === 'price' ? (
          <p id={`${idOf(m, field)}-hint`} className="hint">
            {t('venezuela.price.overrideHint', { suggested: formatUsd(locale, b.totalUsdMinor) })}
          </p>
        ) : null}
        {error ? (
          <p id={errorId} className="field-error">
            {error}
          </p>
        ) : null}
      </div>
    );
  };

  const hasErrors = Object.keys(errors).length > 0;
  return (
    <form className="quote-form" onSubmit={(e) => void submit(e, false)} noValidate aria-labelledby={`${formId}-title`}>
      <h2 id={`${formId}-title`}>{t('venezuela.price.title')}</h2>
      <p className="hint">
        {t('venezuela.price.intro', { version: data.parametersVersion, margin: formatPercent(locale, data.profitMargin), discount: formatPercent(locale, data.usdPaymentDiscount) })}
      </p>
      {hasErrors ? (
        <p className="problem" role="alert">
          {t('form.errorSummary')}
        </p>
      ) : null}
      <fieldset className="plain" disabled={disabled}>
      {data.options.map((b) => (
        <fieldset key={b.shippingMethod} className="method">
          <legend>{t(`method.${b.shippingMethod}`)}</legend>
          <BreakdownTable b={b} request={request} divisor={data.volumetricDivisor} margin={data.profitMargin} discount={data.usdPaymentDiscount} />
          {mayOverride ? (
            <div className="grid-2">
              {input(b, 'price')}
              {input(b, 'reason')}
            </div>
          ) : null}
          {input(b, 'eta')}
        </fieldset>
      ))}
      <div className="actions">
        <button type="submit" className="primary" disabled={sending.loading}>
          {sending.loading ? t('venezuela.price.sending') : t('venezuela.price.send')}
        </button>
        <button type="button" disabled={sending.loading} onClick={(e) => void submit(e, true)}>
          {t('venezuela.price.sendWhatsApp')}
        </button>
        <Problem text={problem} />
      </div>
      </fieldset>
    </form>
  );
}

/** One method's suggested price, line by line, with the chargeable weight (or volume) explained. */
function BreakdownTable({ b, request, divisor, margin, discount }: { b: Breakdown; request: PricedRequest; divisor: number; margin: string; discount: string }) {
  const { t, locale } = useI18n();
  const usd = (minor: number) => formatUsd(locale, minor);
  const kg = (value: string) => `${formatDecimal(locale, value, 3)} kg`;
  const size = { l: request.lengthCm ?? 0, w: request.widthCm ?? 0, h: request.heightCm ?? 0 };
  const sea = b.chargeableBasis === 'VOLUME';
  const rows: [string, string][] = [
    [t('venezuela.breakdown.product'), `${usd(request.supplierUnitPriceMinor ?? 0)} × ${request.quantity} = ${usd(b.productMinor)}`],
    [t('venezuela.breakdown.chinaShipping'), usd(b.chinaShippingMinor)],
  ];
  const weight: [string, string][] = sea
    ? [
        [t('venezuela.breakdown.volume'), t('venezuela.breakdown.volumeValue', { ...size, volume: formatDecimal(locale, b.volumeCubicMeters, 6) })],
        [t('venezuela.breakdown.actualWeight'), `${kg(b.actualWeightKg)} ${t('venezuela.breakdown.seaByVolume')}`],
        [t('venezuela.breakdown.freight'), t('venezuela.breakdown.freightSea', { volume: formatDecimal(locale, b.volumeCubicMeters, 6), rate: usd(b.freightRateMinor), freight: usd(b.freightMinor) })],
      ]
    : [
        [t('venezuela.breakdown.actualWeight'), kg(b.actualWeightKg)],
        [t('venezuela.breakdown.volumetricWeight'), t('venezuela.breakdown.volumetricValue', { ...size, divisor: String(divisor), weight: kg(b.volumetricWeightKg) })],
        [
          t('venezuela.breakdown.chargeableWeight'),
          `${kg(b.chargeableWeightKg)} — ${t(b.chargeableBasis === 'VOLUMETRIC_WEIGHT' ? 'venezuela.breakdown.volumetricWins' : 'venezuela.breakdown.actualWins')}`,
        ],
        [t('venezuela.breakdown.freight'), t('venezuela.breakdown.freightKg', { weight: kg(b.chargeableWeightKg), rate: usd(b.freightRateMinor), freight: usd(b.freightMinor) })],
      ];
  const totals: [string, string][] = [
    [t(`venezuela.delivery.${request.nationalDelivery}`), usd(b.nationalDeliveryMinor)],
    [t('venezuela.breakdown.subtotal'), usd(b.subtotalMinor)],
    [t('venezuela.breakdown.margin', { margin: formatPercent(locale, margin) }), usd(b.marginMinor)],
  ];
  return (
    <table className="breakdown">
      <caption>{t('venezuela.breakdown.caption', { method: t(`method.${b.shippingMethod}`) })}</caption>
      <tbody>
        {[...rows, ...weight, ...totals].map(([label, value]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td>{value}</td>
          </tr>
        ))}
        <tr className="total">
          <th scope="row">{t('venezuela.breakdown.total')}</th>
          <td>
            <strong>{usd(b.totalUsdMinor)}</strong> · {formatVes(locale, b.totalVesMinor)} <span className="hint">{t('venezuela.breakdown.rate', { rate: formatDecimal(locale, b.vesPerUsd, 2) })}</span>
          </td>
        </tr>
        <tr>
          <th scope="row">{t('venezuela.breakdown.usdPayment', { discount: formatPercent(locale, discount) })}</th>
          <td>{usd(b.usdPaymentMinor)}</td>
        </tr>
      </tbody>
    </table>
  );
}
