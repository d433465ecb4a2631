import { useMutation, useQuery } from '@apollo/client/react';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { graphql } from '../../graphql/generated';
import type { InventoryProductQuery, ProductKind } from '../../graphql/generated/graphql';
import { useI18n } from '../../i18n/i18n';
import { BackLink, DetailPending } from '../../lib/detail';
import { Problem } from '../../lib/problem';
import { FormField, useInventoryForm } from './inventory-form';
import {
  emptyProduct,
  parseProduct,
  parseProductEdit,
  priceText,
  productEditFields,
  productFields,
  type ProductDraft,
  type ProductEditDraft,
} from './inventory-schema';
import { Locations } from './movements-page';
import { InventoryProduct } from './product-page';

const CreateProduct = graphql(`
  mutation InventoryCreateProduct($input: CreateProductInput!) { createProduct(input: $input) { id } }
`);
const UpdateProduct = graphql(`
  mutation InventoryUpdateProduct($id: ID!, $input: UpdateProductInput!) {
    updateProduct(id: $id, input: $input) { id name category priceMinor lowStockThreshold active updatedAt }
  }
`);
const Categories = graphql(`
  query InventoryFormCategories { productCategories }
`);

/** The categories in use, offered while typing one (a new one may still be typed). */
function CategoryList({ id }: { id: string }) {
  const categories = useQuery(Categories).data?.productCategories ?? [];
  return (
    <datalist id={id}>
      {categories.map((c) => (
        <option key={c} value={c} />
      ))}
    </datalist>
  );
}

/**
 * A new product (inventory:manage) → `createProduct`, then its page. Physical goods start with no stock (it comes
 * in with "Registrar entrada"); a workshop or service session has its seats, day and time (Venezuela) and venue,
 * whose stock holds the seats. Errors next to their field: the form's checks first, then the API's (SKU_TAKEN…).
 */
export function NewProductPage() {
  const { t } = useI18n();
  const ids = useId();
  const navigate = useNavigate();
  const locations = useQuery(Locations).data?.stockLocations ?? [];
  const [draft, setDraft] = useState<ProductDraft>(emptyProduct);
  const [create, creating] = useMutation(CreateProduct);
  const form = useInventoryForm(productFields);
  const set = (field: keyof ProductDraft) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: e.target.value }));
  const service = draft.kind === 'SERVICE';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let id: string | undefined;
    const ok = await form.send(parseProduct(draft), async (input) => {
      id = (await create({ variables: { input } })).data?.createProduct.id;
    });
    if (ok && id) navigate(`/inventory/products/${id}`, { state: { created: true } });
  };

  return (
    <section aria-labelledby={`${ids}-title`}>
      <BackLink label={t('inventory.products.back')} />
      <h1 id={`${ids}-title`}>{t('inventory.productForm.newTitle')}</h1>
      <form ref={form.ref} className="inventory-form" onSubmit={submit} noValidate aria-labelledby={`${ids}-title`}>
        {Object.keys(form.errors).length > 0 ? (
          <p className="problem" role="alert">
            {t('form.errorSummary')}
          </p>
        ) : null}
        <fieldset>
          <legend>{t('inventory.productForm.kind')}</legend>
          {(['PHYSICAL', 'SERVICE'] as const satisfies readonly ProductKind[]).map((kind) => (
            <div key={kind}>
              <input id={`${ids}-kind-${kind}`} type="radio" name="kind" value={kind} checked={draft.kind === kind} onChange={set('kind')} />{' '}
              <label htmlFor={`${ids}-kind-${kind}`} className="radio-label">{t(`inventory.kind.${kind}`)}</label>
            </div>
          ))}
        </fieldset>
        <div className="grid-2">
          <FormField label={t('inventory.col.sku')} error={form.errors.sku} hint={t('inventory.productForm.skuHint')}>
            {(p) => <input {...p} value={draft.sku} onChange={set('sku')} maxLength={40} autoComplete="off" required />}
          </FormField>
          <FormField label={t('inventory.col.name')} error={form.errors.name}>
            {(p) => <input {...p} value={draft.name} onChange={set('name')} maxLength={160} autoComplete="off" required />}
          </FormField>
          <FormField label={t('inventory.col.category')} error={form.errors.category}>
            {(p) => (
              <>
                <input {...p} value={draft.category} onChange={set('category')} maxLength={80} list={`${ids}-categories`} autoComplete="off" required />
                <CategoryList id={`${ids}-categories`} />
              </>
            )}
          </FormField>
          <FormField label={t('inventory.col.price')} error={form.errors.price} hint={t('inventory.productForm.priceHint')}>
            {(p) => <input {...p} value={draft.price} onChange={set('price')} inputMode="decimal" autoComplete="off" required />}
          </FormField>
          <FormField label={t('inventory.productForm.currency')} error={form.errors.currency}>
            {(p) => (
              <select {...p} value={draft.currency} onChange={set('currency')}>
                <option value="USD">{t('inventory.currency.USD')}</option>
                <option value="VES">{t('inventory.currency.VES')}</option>
              </select>
            )}
          </FormField>
          <FormField label={t('inventory.product.threshold')} error={form.errors.lowStockThreshold} hint={t('inventory.productForm.thresholdHint')}>
            {(p) => <input {...p} value={draft.lowStockThreshold} onChange={set('lowStockThreshold')} inputMode="numeric" autoComplete="off" required />}
          </FormField>
        </div>
        {service ? (
          <fieldset>
            <legend>{t('inventory.productForm.session')}</legend>
            <div className="grid-2">
              <FormField label={t('inventory.productForm.capacity')} error={form.errors.capacity}>
                {(p) => <input {...p} value={draft.capacity} onChange={set('capacity')} inputMode="numeric" autoComplete="off" required />}
              </FormField>
              <FormField label={t('inventory.productForm.venue')} error={form.errors.venueLocationId}>
                {(p) => (
                  <select {...p} value={draft.venueLocationId} onChange={set('venueLocationId')} required>
                    <option value="">{t('inventory.newSale.choose.location')}</option>
                    {locations.map((l) => (
                      <option key={l.id} value={l.id}>
                        {l.code} · {l.name} ({t(`inventory.locationKind.${l.kind}`)})
                      </option>
                    ))}
                  </select>
                )}
              </FormField>
              <FormField label={t('inventory.productForm.sessionDate')} error={form.errors.sessionDate}>
                {(p) => <input {...p} type="date" value={draft.sessionDate} onChange={set('sessionDate')} required />}
              </FormField>
              <FormField label={t('inventory.productForm.sessionTime')} error={form.errors.sessionTime} hint={t('inventory.productForm.timeZoneHint')}>
                {(p) => <input {...p} type="time" value={draft.sessionTime} onChange={set('sessionTime')} required />}
              </FormField>
            </div>
          </fieldset>
        ) : (
          <p className="hint">{t('inventory.productForm.physicalHint')}</p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={creating.loading}>
            {t('inventory.productForm.create')}
          </button>
          <Problem text={form.problem} />
        </div>
      </form>
    </section>
  );
}

type Product = NonNullable<InventoryProductQuery['product']>;

/** Changing a product (inventory:manage): loads it, then the edit form. */
export function EditProductPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const query = useQuery(InventoryProduct, { variables: { id } });
  const back = (
    <p>
      <Link to={`/inventory/products/${id}`}>{t('inventory.productForm.backToProduct')}</Link>
    </p>
  );
  const product = query.data?.product;
  if (!product) return <DetailPending back={back} error={query.error} />;
  return <EditProductForm key={product.id} product={product} back={back} />;
}

/**
 * Name, category, price, low-stock threshold and whether it is on sale → `updateProduct`, then back to the
 * product. SKU, kind and seats do not change here (seats change with "Ajustar").
 */
function EditProductForm({ product, back }: { product: Product; back: ReactNode }) {
  const { t } = useI18n();
  const ids = useId();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<ProductEditDraft>({
    name: product.name,
    category: product.category,
    price: priceText(product.priceMinor),
    lowStockThreshold: String(product.lowStockThreshold),
    active: product.active,
  });
  const [update, updating] = useMutation(UpdateProduct);
  const form = useInventoryForm(productEditFields);
  const set = (field: Exclude<keyof ProductEditDraft, 'active'>) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: e.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await form.send(parseProductEdit(draft), (input) => update({ variables: { id: product.id, input } }));
    if (ok) navigate(`/inventory/products/${product.id}`, { state: { updated: true } });
  };

  return (
    <section aria-labelledby={`${ids}-title`}>
      {back}
      <h1 id={`${ids}-title`}>{t('inventory.productForm.editTitle', { sku: product.sku })}</h1>
      <form ref={form.ref} className="inventory-form" onSubmit={submit} noValidate aria-labelledby={`${ids}-title`}>
        {Object.keys(form.errors).length > 0 ? (
          <p className="problem" role="alert">
            {t('form.errorSummary')}
          </p>
        ) : null}
        <div className="grid-2">
          <FormField label={t('inventory.col.name')} error={form.errors.name}>
            {(p) => <input {...p} value={draft.name} onChange={set('name')} maxLength={160} autoComplete="off" required />}
          </FormField>
          <FormField label={t('inventory.col.category')} error={form.errors.category}>
            {(p) => (
              <>
                <input {...p} value={draft.category} onChange={set('category')} maxLength={80} list={`${ids}-categories`} autoComplete="off" required />
                <CategoryList id={`${ids}-categories`} />
              </>
            )}
          </FormField>
          <FormField label={t('inventory.productForm.priceIn', { currency: product.currency })} error={form.errors.price} hint={t('inventory.productForm.priceEditHint')}>
            {(p) => <input {...p} value={draft.price} onChange={set('price')} inputMode="decimal" autoComplete="off" required />}
          </FormField>
          <FormField label={t('inventory.product.threshold')} error={form.errors.lowStockThreshold} hint={t('inventory.productForm.thresholdHint')}>
            {(p) => <input {...p} value={draft.lowStockThreshold} onChange={set('lowStockThreshold')} inputMode="numeric" autoComplete="off" required />}
          </FormField>
        </div>
        <div className="field">
          <div>
            <input id={`${ids}-active`} type="checkbox" checked={draft.active} onChange={(e) => setDraft((d) => ({ ...d, active: e.target.checked }))} aria-describedby={`${ids}-active-hint`} />{' '}
            <label htmlFor={`${ids}-active`}>{t('inventory.productForm.active')}</label>
          </div>
          <p id={`${ids}-active-hint`} className="hint">
            {t('inventory.productForm.activeHint')}
          </p>
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={updating.loading}>
            {t('inventory.productForm.save')}
          </button>
          <Problem text={form.problem} />
        </div>
      </form>
    </section>
  );
}
