import { useLazyQuery, useMutation, useQuery } from '@apollo/client/react';
import { CombinedGraphQLErrors } from '@apollo/client';
import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { graphql } from '../../graphql/generated';
import { useI18n } from '../../i18n/i18n';
import { Problem } from '../../lib/problem';
import { refusalOf } from '../../lib/refusal';
import { formatMinor } from '../payments/money';
import { Locations } from './movements-page';

const SaleProducts = graphql(`
  query InventorySaleProducts {
    products(filter: { active: true }, order: NAME, first: 100) {
      edges { node { id sku name priceMinor currency kind stock { quantity location { id } } } }
    }
  }
`);
const CustomerSearch = graphql(`
  query InventorySaleCustomers($search: String!) { saleCustomerSearch(search: $search) { id fullName code phone } }
`);
const CreateSale = graphql(`
  mutation InventoryCreateSale($input: CreateSaleInput!) { createSale(input: $input) { id number } }
`);

interface Line {
  key: number;
  productId: string;
  locationId: string;
  quantity: string;
}

/** Where a refusal points: the line of the product and location INSUFFICIENT_STOCK names, with its words. */
interface LineProblem {
  productId: string;
  locationId: string;
  message: string;
}

/**
 * A direct sale: the buyer (a customer found by name, code or phone, or a walk-in buyer's name), lines of product,
 * location and quantity (showing what each location has), and the total. A refusal for stock shows in plain words
 * next to its line (the API names the product and what is available); other refusals under the form.
 */
export function NewSalePage() {
  const { t, locale } = useI18n();
  const ids = useId();
  const navigate = useNavigate();
  const products = useQuery(SaleProducts).data?.products.edges.map((e) => e.node) ?? [];
  const locations = useQuery(Locations).data?.stockLocations ?? [];
  const [search, setSearch] = useState('');
  const [findCustomers, found] = useLazyQuery(CustomerSearch);
  const [customer, setCustomer] = useState<{ id: string; fullName: string; code: string } | null>(null);
  const [buyerName, setBuyerName] = useState('');
  const [lines, setLines] = useState<Line[]>([{ key: 1, productId: '', locationId: '', quantity: '1' }]);
  const [problem, setProblem] = useState<string | null>(null);
  const [lineProblem, setLineProblem] = useState<LineProblem | null>(null);
  const [createSale, creating] = useMutation(CreateSale);

  const productOf = (id: string) => products.find((p) => p.id === id);
  const available = (line: Line) => productOf(line.productId)?.stock.find((s) => s.location.id === line.locationId)?.quantity ?? 0;
  const total = lines.reduce((sum, l) => sum + (productOf(l.productId)?.priceMinor ?? 0) * (Number(l.quantity) || 0), 0);
  const currency = productOf(lines[0]?.productId ?? '')?.currency ?? 'USD';
  const update = (key: number, change: Partial<Line>) => setLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...change } : l)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    setLineProblem(null);
    if (!customer && !buyerName.trim()) return setProblem(t('inventory.newSale.buyerRequired'));
    if (lines.some((l) => !l.productId || !l.locationId || !/^\d+$/.test(l.quantity) || Number(l.quantity) < 1)) return setProblem(t('inventory.newSale.linesInvalid'));
    try {
      const { data } = await createSale({
        variables: {
          input: {
            customerId: customer?.id ?? null,
            buyerName: customer ? null : buyerName.trim(),
            lines: lines.map((l) => ({ productId: l.productId, locationId: l.locationId, quantity: Number(l.quantity) })),
          },
        },
      });
      if (data) navigate(`/inventory/sales/${data.createSale.id}`);
    } catch (error) {
      const refusal = refusalOf(error, t, locale);
      const ext = CombinedGraphQLErrors.is(error) ? (error.errors[0]?.extensions as { productId?: string; locationId?: string } | undefined) : undefined;
      if (refusal.code === 'INSUFFICIENT_STOCK' && ext?.productId && ext.locationId) setLineProblem({ productId: ext.productId, locationId: ext.locationId, message: refusal.message });
      else setProblem(refusal.message);
    }
  };

  return (
    <section aria-labelledby={`${ids}-title`}>
      <h1 id={`${ids}-title`}>{t('inventory.newSale.title')}</h1>
      <form onSubmit={submit} noValidate aria-labelledby={`${ids}-title`}>
        <fieldset>
          <legend>{t('inventory.newSale.buyer')}</legend>
          {customer ? (
            <p>
              {t('inventory.newSale.customerChosen', { name: `${customer.fullName} (${customer.code})` })}{' '}
              <button type="button" onClick={() => setCustomer(null)}>
                {t('inventory.newSale.changeCustomer')}
              </button>
            </p>
          ) : (
            <>
              <div className="field">
                <label htmlFor={`${ids}-search`}>{t('inventory.newSale.customerSearch')}</label>
                <div className="search-row">
                  <input id={`${ids}-search`} type="search" value={search} maxLength={100} onChange={(e) => setSearch(e.target.value)} />
                  <button type="button" onClick={() => search.trim() && void findCustomers({ variables: { search: search.trim() } })}>
                    {t('list.search')}
                  </button>
                </div>
              </div>
              {found.data ? (
                found.data.saleCustomerSearch.length === 0 ? (
                  <p className="empty">{t('inventory.newSale.noCustomers')}</p>
                ) : (
                  <ul aria-label={t('inventory.newSale.customersFound')}>
                    {found.data.saleCustomerSearch.map((c) => (
                      <li key={c.id}>
                        <button type="button" onClick={() => setCustomer(c)}>
                          {t('inventory.newSale.choose', { name: `${c.fullName} (${c.code}, ${c.phone})` })}
                        </button>
                      </li>
                    ))}
                  </ul>
                )
              ) : null}
              <div className="field">
                <label htmlFor={`${ids}-walkin`}>{t('inventory.newSale.walkIn')}</label>
                <input id={`${ids}-walkin`} value={buyerName} maxLength={120} onChange={(e) => setBuyerName(e.target.value)} />
              </div>
            </>
          )}
        </fieldset>
        <fieldset>
          <legend>{t('inventory.newSale.lines')}</legend>
          {lines.map((line, index) => {
            const mine = lineProblem && lineProblem.productId === line.productId && lineProblem.locationId === line.locationId ? lineProblem.message : null;
            const n = index + 1;
            return (
              <div key={line.key} className="sale-line" role="group" aria-label={t('inventory.newSale.line', { n })}>
                <div className="field">
                  <label htmlFor={`${ids}-p${line.key}`}>{t('inventory.newSale.product', { n })}</label>
                  <select id={`${ids}-p${line.key}`} value={line.productId} onChange={(e) => update(line.key, { productId: e.target.value })} aria-invalid={mine ? true : undefined} aria-describedby={mine ? `${ids}-e${line.key}` : undefined}>
                    <option value="">{t('inventory.newSale.choose.product')}</option>
                    {products.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.sku} · {p.name} · {formatMinor(locale, p.priceMinor, p.currency)}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`${ids}-l${line.key}`}>{t('inventory.newSale.location', { n })}</label>
                  <select id={`${ids}-l${line.key}`} value={line.locationId} onChange={(e) => update(line.key, { locationId: e.target.value })}>
                    <option value="">{t('inventory.newSale.choose.location')}</option>
                    {locations.map((l) => (
                      <option key={l.id} value={l.id}>
                        {l.code} · {l.name}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`${ids}-q${line.key}`}>{t('inventory.newSale.quantity', { n })}</label>
                  <input id={`${ids}-q${line.key}`} inputMode="numeric" value={line.quantity} onChange={(e) => update(line.key, { quantity: e.target.value })} aria-invalid={mine ? true : undefined} aria-describedby={mine ? `${ids}-e${line.key}` : undefined} />
                </div>
                {line.productId && line.locationId ? <p className="muted">{t('inventory.newSale.available', { count: available(line) })}</p> : null}
                {mine ? (
                  <p id={`${ids}-e${line.key}`} className="field-error" role="alert">
                    {mine}
                  </p>
                ) : null}
                {lines.length > 1 ? (
                  <button type="button" onClick={() => setLines((ls) => ls.filter((l) => l.key !== line.key))}>
                    {t('inventory.newSale.removeLine', { n })}
                  </button>
                ) : null}
              </div>
            );
          })}
          <button type="button" onClick={() => setLines((ls) => [...ls, { key: Math.max(...ls.map((l) => l.key)) + 1, productId: '', locationId: '', quantity: '1' }])}>
            {t('inventory.newSale.addLine')}
          </button>
        </fieldset>
        <p>{t('inventory.newSale.total', { total: formatMinor(locale, total, currency) })}</p>
        <Problem text={problem} />
        <button type="submit" disabled={creating.loading}>
          {t('inventory.newSale.submit')}
        </button>
      </form>
    </section>
  );
}
