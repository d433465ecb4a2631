import { useMutation } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { graphql } from '../../graphql/generated';
import type { OrderListOrder, SupplierPaymentCurrency } from '../../graphql/generated/graphql';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { refusalOf } from '../../lib/refusal';
import { ListView, OrderSelect, SearchBox, UrlSelect, useLiveReload, usePagedList, useUrlState } from '../../lib/list';
import { DataTable } from '../../lib/table-wrap';
import { formatMinor } from './money';
import { Problem } from '../../lib/problem';

const PaidOrders = graphql(`
  query ValidatorPaidOrders($registered: Boolean!, $number: String, $order: OrderListOrder, $first: Int!, $after: String) {
    orders(filter: { state: PAID, supplierPaymentRegistered: $registered, number: $number }, order: $order, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id number totalUsdMinor stateChangedAt customer { fullName code } supplierPayment { id currency amountMinor reference registeredAt } } }
    }
  }
`);
const OrdersChanged = graphql(`
  subscription ValidatorOrdersChanged { orderUpdated { cursor order { id state } } }
`);
const Register = graphql(`
  mutation ValidatorRegisterSupplierPayment($input: RegisterSupplierPaymentInput!) { registerSupplierPayment(input: $input) { id currency amountMinor reference registeredAt } }
`);

/**
 * Paid orders awaiting the purchase in China: those without a supplier payment (the form registers one) and,
 * as a filter, those registered and waiting for the China agent's confirmation. Orders becoming PAID (or
 * leaving it) reload the list live.
 */
export function SupplierPage() {
  const { t, locale } = useI18n();
  const { params, set } = useUrlState();
  const number = params.get('q')?.trim() || null;
  const registered = params.get('registered') === '1';
  const order = (params.get('order') ?? 'OLDEST_FIRST') as OrderListOrder;
  const [selected, setSelected] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const list = usePagedList(PaidOrders, { registered, number, order }, (d) => d.orders);
  useLiveReload(OrdersChanged, list);
  const chosen = list.connection?.edges.find((e) => e.node.id === selected)?.node;

  return (
    <section aria-labelledby="supplier-title">
      <h1 id="supplier-title">{t('payments.supplier.title')}</h1>
      <p>{t('payments.supplier.intro')}</p>
      {done ? (
        <p className="notice" role="status">
          {done}
        </p>
      ) : null}
      <SearchBox label={t('payments.supplier.search')} value={number} maxLength={40} onSearch={(q) => set({ q })} />
      <div className="filters">
        <UrlSelect
          label={t('payments.supplier.filter')}
          value={registered ? '1' : ''}
          choices={[
            ['', t('payments.supplier.toRegister')],
            ['1', t('payments.supplier.awaitingChina')],
          ]}
          onChange={(v) => set({ registered: v })}
        />
        <OrderSelect value={order} onChange={(v) => set({ order: v })} />
      </div>
      <ListView
        list={list}
        live
        count={(count) => t('payments.supplier.count', { count })}
        empty={t('payments.supplier.empty')}
        csv={{
          name: 'pagos-proveedor.csv',
          header: [t('payments.col.order'), t('payments.col.customer'), t('payments.supplier.paidSince'), t('payments.payment.total'), t('payments.supplier.registered')],
          row: (node) => [
            node.number, node.customer ? `${node.customer.fullName} (${node.customer.code})` : '', node.stateChangedAt, (node.totalUsdMinor / 100).toFixed(2),
            node.supplierPayment ? `${node.supplierPayment.currency} ${(node.supplierPayment.amountMinor / 100).toFixed(2)} ${node.supplierPayment.reference}` : '',
          ],
        }}
      >
        {(nodes) => (
          <DataTable label={t('payments.supplier.title')} columns={[t('payments.col.order'), t('payments.col.customer'), t('payments.supplier.paidSince'), { text: t('payments.payment.total'), num: true }, t('payments.supplier.registered')]}>
            {nodes.map((node) => (
              <tr key={node.id}>
                <th scope="row">{node.number}</th>
                <td>{node.customer ? `${node.customer.fullName} · ${node.customer.code}` : '—'}</td>
                <td>{formatDateTime(locale, node.stateChangedAt)}</td>
                <td className="num">{formatMinor(locale, node.totalUsdMinor, 'USD')}</td>
                <td>
                  {node.supplierPayment ? (
                    `${formatMinor(locale, node.supplierPayment.amountMinor, node.supplierPayment.currency)} · ${node.supplierPayment.reference}`
                  ) : (
                    <button type="button" onClick={() => (setDone(null), setSelected(node.id))} aria-label={t('payments.supplier.registerFor', { number: node.number })}>
                      {t('payments.supplier.register')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </ListView>
      {chosen && !chosen.supplierPayment ? (
        <SupplierPaymentForm
          key={chosen.id}
          orderId={chosen.id}
          number={chosen.number}
          onDone={() => {
            setSelected(null);
            setDone(t('payments.supplier.done', { number: chosen.number }));
            list.reload();
          }}
          onCancel={() => setSelected(null)}
        />
      ) : null}
    </section>
  );
}

type Field = 'amountMinor' | 'reference';

/** The payment sent to China for one paid order → `registerSupplierPayment`; amounts typed in units ("1234,50"). */
function SupplierPaymentForm({ orderId, number, onDone, onCancel }: { orderId: string; number: string; onDone(): void; onCancel(): void }) {
  const { t, locale } = useI18n();
  const ids = useId();
  const [register, registering] = useMutation(Register);
  const [currency, setCurrency] = useState<SupplierPaymentCurrency>('CNY');
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const found: Partial<Record<Field, string>> = {};
    const match = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(amount.trim());
    const amountMinor = match ? Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) : 0;
    if (!amount.trim()) found.amountMinor = t('form.required');
    else if (!match || amountMinor <= 0) found.amountMinor = t('payments.supplier.amountInvalid');
    if (!reference.trim()) found.reference = t('form.required');
    else if (reference.trim().length > 200) found.reference = t('payments.supplier.referenceTooLong');
    setErrors(found);
    if (Object.keys(found).length > 0) {
      document.getElementById(`${ids}-${found.amountMinor ? 'amountMinor' : 'reference'}`)?.focus();
      return;
    }
    try {
      await register({ variables: { input: { orderId, currency, amountMinor, reference: reference.trim() } } });
      onDone();
    } catch (error) {
      const refusal = refusalOf(error, t, locale);
      if (refusal.code === 'UNAUTHENTICATED') return;
      if (refusal.field === 'amountMinor' || refusal.field === 'reference') setErrors({ [refusal.field]: refusal.message });
      else setProblem(refusal.code === 'INVALID_STATE' ? t('payments.supplier.notPaid') : refusal.message);
    }
  };
  const described = (field: Field) => (errors[field] ? { 'aria-invalid': true as const, 'aria-describedby': `${ids}-${field}-error` } : {});

  return (
    <form className="sourcing" onSubmit={submit} noValidate aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('payments.supplier.formTitle', { number })}</h2>
      <div className="grid-3">
        <div className="field">
          <label htmlFor={`${ids}-currency`}>{t('payments.filter.currency')}</label>
          <select id={`${ids}-currency`} value={currency} onChange={(e) => setCurrency(e.target.value as SupplierPaymentCurrency)}>
            <option value="CNY">{t('currency.CNY')}</option>
            <option value="USD">{t('currency.USD')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-amountMinor`}>{t('payments.supplier.amount')}</label>
          <input id={`${ids}-amountMinor`} inputMode="decimal" autoComplete="off" value={amount} onChange={(e) => setAmount(e.target.value)} {...described('amountMinor')} />
          {errors.amountMinor ? (
            <p id={`${ids}-amountMinor-error`} className="field-error">
              {errors.amountMinor}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={`${ids}-reference`}>{t('payments.col.reference')}</label>
          <input id={`${ids}-reference`} autoComplete="off" maxLength={200} value={reference} onChange={(e) => setReference(e.target.value)} {...described('reference')} />
          {errors.reference ? (
            <p id={`${ids}-reference-error`} className="field-error">
              {errors.reference}
            </p>
          ) : null}
        </div>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={registering.loading}>
          {registering.loading ? t('sourcing.sending') : t('payments.supplier.submit')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('payments.supplier.cancel')}
        </button>
        <Problem text={problem} />
      </div>
    </form>
  );
}
