import { useMutation, useQuery } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { graphql } from '../../graphql/generated';
import type { SalePaymentMethod } from '../../graphql/generated/graphql';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { BackLink, DetailPending } from '../../lib/detail';
import { Problem } from '../../lib/problem';
import { refusalOf } from '../../lib/refusal';
import { DataTable } from '../../lib/table-wrap';
import { useSession } from '../../session/session';
import { formatMinor } from '../payments/money';

const InventorySale = graphql(`
  query InventorySale($id: ID!) {
    sale(id: $id) {
      id number createdAt currency totalMinor paidMinor outstandingMinor paymentStatus nextStatuses note buyerName voidedAt voidReason
      customer { id fullName code } seller { id displayName } voidedBy { id displayName }
      lines { id quantity unitPriceMinor lineTotalMinor product { id sku name } location { id code name } }
      payments { id amountMinor method reference createdAt recordedBy { id displayName } }
    }
  }
`);
const RecordPayment = graphql(`
  mutation InventoryRecordSalePayment($input: RecordSalePaymentInput!) { recordSalePayment(input: $input) { id paidMinor outstandingMinor paymentStatus nextStatuses payments { id amountMinor method reference createdAt recordedBy { id displayName } } } }
`);
const VoidSale = graphql(`
  mutation InventoryVoidSale($id: ID!, $reason: String!) { voidSale(saleId: $id, reason: $reason) { id paymentStatus nextStatuses voidedAt voidReason outstandingMinor voidedBy { id displayName } } }
`);

const METHODS: readonly SalePaymentMethod[] = ['CASH', 'CARD', 'PAGO_MOVIL', 'BANK_TRANSFER', 'ZELLE'];

/** One sale: lines, payments, what is owed; record a payment (PENDING → PARTIALLY_PAID → PAID) or void it (units return). */
export function SalePage() {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const { can } = useSession();
  const query = useQuery(InventorySale, { variables: { id } });
  const back = <BackLink label={t('inventory.sales.back')} />;
  const sale = query.data?.sale;
  if (!sale) return <DetailPending back={back} error={query.error} />;
  const money = (minor: number) => formatMinor(locale, minor, sale.currency);
  const buyer = sale.customer ? `${sale.customer.fullName} (${sale.customer.code})` : sale.buyerName ?? '';
  return (
    <section aria-labelledby="sale-title">
      {back}
      <h1 id="sale-title">{t('inventory.sale.title', { number: sale.number })}</h1>
      <p role="status" className="notice">
        {t('inventory.sale.status', { status: t(`inventory.status.${sale.paymentStatus}`) })}
      </p>
      <dl className="facts">
        <dt>{t('inventory.col.when')}</dt>
        <dd>{formatDateTime(locale, sale.createdAt)}</dd>
        <dt>{t('inventory.col.buyer')}</dt>
        <dd>{buyer}</dd>
        <dt>{t('inventory.col.seller')}</dt>
        <dd>{sale.seller.displayName}</dd>
        <dt>{t('inventory.col.total')}</dt>
        <dd>{money(sale.totalMinor)}</dd>
        <dt>{t('inventory.col.paid')}</dt>
        <dd>{money(sale.paidMinor)}</dd>
        <dt>{t('inventory.sale.outstanding')}</dt>
        <dd>{money(sale.outstandingMinor)}</dd>
        {sale.note ? (
          <>
            <dt>{t('inventory.sale.note')}</dt>
            <dd>{sale.note}</dd>
          </>
        ) : null}
        {sale.voidedAt ? (
          <>
            <dt>{t('inventory.sale.voided')}</dt>
            <dd>{t('inventory.sale.voidedText', { when: formatDateTime(locale, sale.voidedAt), name: sale.voidedBy?.displayName ?? '', reason: sale.voidReason ?? '' })}</dd>
          </>
        ) : null}
      </dl>
      <h2>{t('inventory.sale.lines')}</h2>
      <DataTable label={t('inventory.sale.lines')} columns={[t('inventory.col.product'), t('inventory.col.location'), { text: t('inventory.col.quantity'), num: true }, { text: t('inventory.col.unitPrice'), num: true }, { text: t('inventory.col.total'), num: true }]}>
        {sale.lines.map((l) => (
          <tr key={l.id}>
            <td>
              <Link to={`/inventory/products/${l.product.id}`}>{l.product.sku}</Link> {l.product.name}
            </td>
            <td>{l.location.code}</td>
            <td className="num">{l.quantity}</td>
            <td className="num">{money(l.unitPriceMinor)}</td>
            <td className="num">{money(l.lineTotalMinor)}</td>
          </tr>
        ))}
      </DataTable>
      <h2>{t('inventory.sale.payments')}</h2>
      {sale.payments.length === 0 ? (
        <p className="empty">{t('inventory.sale.noPayments')}</p>
      ) : (
        <DataTable label={t('inventory.sale.payments')} columns={[t('inventory.col.when'), t('inventory.sale.method'), t('inventory.sale.reference'), { text: t('inventory.sale.amount'), num: true }, t('inventory.col.actor')]}>
          {sale.payments.map((p) => (
            <tr key={p.id}>
              <td>{formatDateTime(locale, p.createdAt)}</td>
              <td>{t(`inventory.method.${p.method}`)}</td>
              <td>{p.reference ?? ''}</td>
              <td className="num">{money(p.amountMinor)}</td>
              <td>{p.recordedBy.displayName}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {can('sale:create') && sale.nextStatuses.some((s) => s === 'PAID' || s === 'PARTIALLY_PAID') ? <PaymentForm saleId={sale.id} /> : null}
      {can('sale:create') && sale.nextStatuses.includes('VOID') ? <VoidForm saleId={sale.id} onVoided={() => void query.refetch()} /> : null}
    </section>
  );
}

/** Money received: amount in the sale's currency (typed as 12.50), method and optional reference. */
function PaymentForm({ saleId }: { saleId: string }) {
  const { t, locale } = useI18n();
  const ids = useId();
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState<SalePaymentMethod>('CASH');
  const [reference, setReference] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [record, recording] = useMutation(RecordPayment);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const minor = Math.round(Number(amount.replace(',', '.')) * 100);
    if (!/^\d+([.,]\d{1,2})?$/.test(amount.trim()) || minor <= 0) return setProblem(t('inventory.sale.amountInvalid'));
    try {
      await record({ variables: { input: { saleId, amountMinor: minor, method, reference: reference.trim() || null } } });
      setAmount('');
      setReference('');
    } catch (error) {
      setProblem(refusalOf(error, t, locale).message);
    }
  };
  return (
    <form onSubmit={submit} aria-labelledby={`${ids}-title`} noValidate>
      <h2 id={`${ids}-title`}>{t('inventory.sale.recordPayment')}</h2>
      <div className="field">
        <label htmlFor={`${ids}-amount`}>{t('inventory.sale.amount')}</label>
        <input id={`${ids}-amount`} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-method`}>{t('inventory.sale.method')}</label>
        <select id={`${ids}-method`} value={method} onChange={(e) => setMethod(e.target.value as SalePaymentMethod)}>
          {METHODS.map((m) => (
            <option key={m} value={m}>
              {t(`inventory.method.${m}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${ids}-reference`}>{t('inventory.sale.reference')}</label>
        <input id={`${ids}-reference`} value={reference} maxLength={200} onChange={(e) => setReference(e.target.value)} />
      </div>
      <Problem text={problem} />
      <button type="submit" disabled={recording.loading}>
        {t('inventory.sale.recordPayment')}
      </button>
    </form>
  );
}

/** Voiding with a reason: the units return to stock. */
function VoidForm({ saleId, onVoided }: { saleId: string; onVoided: () => void }) {
  const { t, locale } = useI18n();
  const ids = useId();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [voidSale, voiding] = useMutation(VoidSale);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (reason.trim().length < 3) return setProblem(t('inventory.sale.reasonRequired'));
    try {
      await voidSale({ variables: { id: saleId, reason: reason.trim() } });
      onVoided();
    } catch (error) {
      setProblem(refusalOf(error, t, locale).message);
    }
  };
  return (
    <form onSubmit={submit} aria-labelledby={`${ids}-title`} noValidate>
      <h2 id={`${ids}-title`}>{t('inventory.sale.void')}</h2>
      <div className="field">
        <label htmlFor={`${ids}-reason`}>{t('inventory.sale.voidReason')}</label>
        <input id={`${ids}-reason`} value={reason} maxLength={300} onChange={(e) => setReason(e.target.value)} />
      </div>
      <Problem text={problem} />
      <button type="submit" disabled={voiding.loading}>
        {t('inventory.sale.void')}
      </button>
    </form>
  );
}
