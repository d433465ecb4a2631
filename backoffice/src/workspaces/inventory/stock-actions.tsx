import { useMutation, useQuery } from '@apollo/client/react';
import { useId, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { graphql } from '../../graphql/generated';
import type { InventoryLocationsQuery, InventoryProductQuery } from '../../graphql/generated/graphql';
import { useI18n } from '../../i18n/i18n';
import { Problem } from '../../lib/problem';
import { FormField, useInventoryForm } from './inventory-form';
import {
  adjustmentFields,
  entryFields,
  parseAdjustment,
  parseEntry,
  parseTransfer,
  transferFields,
  type AdjustmentDraft,
  type EntryDraft,
  type TransferDraft,
} from './inventory-schema';
import { Locations } from './movements-page';

const RecordEntry = graphql(`
  mutation InventoryRecordEntry($input: StockEntryInput!) { recordStockEntry(input: $input) { id quantity location { id code } } }
`);
const RecordAdjustment = graphql(`
  mutation InventoryRecordAdjustment($input: StockAdjustmentInput!) { recordStockAdjustment(input: $input) { id quantity location { id code } } }
`);
const TransferStock = graphql(`
  mutation InventoryTransferStock($input: StockTransferInput!) { transferStock(input: $input) { id quantity location { id code } counterpartLocation { id code } } }
`);

type Product = NonNullable<InventoryProductQuery['product']>;
type Location = InventoryLocationsQuery['stockLocations'][number];
type Action = 'entry' | 'adjust' | 'transfer';

/**
 * The Master's stock actions on a product page (inventory:manage): "Registrar entrada" (goods received),
 * "Ajustar" (± with its reason) and "Transferir" (between locations; not for a session's seats, which belong to
 * its venue). One form opens at a time under its button; on success it closes with a notice, and the stock and
 * movements on the page follow through the page's live subscription.
 */
export function StockActions({ product }: { product: Product }) {
  const { t } = useI18n();
  const locations = useQuery(Locations).data?.stockLocations ?? [];
  const [open, setOpen] = useState<Action | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const ids = useId();
  const actions: [Action, string][] = [
    ['entry', t('inventory.stock.entry')],
    ['adjust', t('inventory.stock.adjust')],
    ...(product.kind === 'PHYSICAL' ? [['transfer', t('inventory.stock.transfer')] as [Action, string]] : []),
  ];
  const finished = (message: string) => (setOpen(null), setDone(message));
  const close = () => setOpen(null);
  return (
    <section aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('inventory.stock.title')}</h2>
      <div className="actions">
        {actions.map(([action, label]) => (
          <button key={action} type="button" aria-expanded={open === action} aria-controls={open === action ? `${ids}-form` : undefined} onClick={() => (setDone(null), setOpen(open === action ? null : action))}>
            {label}
          </button>
        ))}
      </div>
      {product.kind === 'SERVICE' ? <p className="hint">{t('inventory.stock.serviceHint')}</p> : null}
      {done ? (
        <p className="notice" role="status">
          {done}
        </p>
      ) : null}
      <div id={`${ids}-form`}>
        {open === 'entry' ? <EntryForm product={product} locations={locations} onDone={finished} onCancel={close} /> : null}
        {open === 'adjust' ? <AdjustmentForm product={product} locations={locations} onDone={finished} onCancel={close} /> : null}
        {open === 'transfer' ? <TransferForm product={product} locations={locations} onDone={finished} onCancel={close} /> : null}
      </div>
    </section>
  );
}

interface FormProps {
  product: Product;
  locations: readonly Location[];
  onDone: (message: string) => void;
  onCancel: () => void;
}

/** A location as the selects show it, with what this product has there. */
function useLocationLabel(product: Product) {
  const { t } = useI18n();
  return (l: Location) => t('inventory.stock.locationOption', { code: l.code, name: l.name, count: product.stock.find((s) => s.location.id === l.id)?.quantity ?? 0 });
}

function LocationSelect({ label, error, value, onChange, locations, product }: { label: string; error: string | undefined; value: string; onChange: (v: string) => void; locations: readonly Location[]; product: Product }) {
  const { t } = useI18n();
  const text = useLocationLabel(product);
  return (
    <FormField label={label} error={error}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.target.value)} required>
          <option value="">{t('inventory.newSale.choose.location')}</option>
          {locations.map((l) => (
            <option key={l.id} value={l.id}>
              {text(l)}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );
}

/** The frame of a stock form: its heading, the fields, the problem and the buttons. */
function StockForm(props: { title: string; submit: string; busy: boolean; problem: string | null; formRef: RefObject<HTMLFormElement>; onSubmit: (e: FormEvent) => void; onCancel: () => void; children: ReactNode }) {
  const { t } = useI18n();
  const ids = useId();
  return (
    <form ref={props.formRef} className="inventory-form stock-form" onSubmit={props.onSubmit} noValidate aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>{props.title}</h3>
      {props.children}
      <div className="actions">
        <button type="submit" className="primary" disabled={props.busy}>
          {props.submit}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t('inventory.stock.cancel')}
        </button>
        <Problem text={props.problem} />
      </div>
    </form>
  );
}

/** Goods received at a location: how many and an optional note (supplier, delivery note). */
function EntryForm({ product, locations, onDone, onCancel }: FormProps) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<EntryDraft>({ locationId: '', quantity: '', note: '' });
  const [record, recording] = useMutation(RecordEntry);
  const form = useInventoryForm(entryFields);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseEntry(product.id, draft);
    const code = locations.find((l) => l.id === draft.locationId)?.code ?? '';
    if (await form.send(parsed, (input) => record({ variables: { input } }))) onDone(t('inventory.stock.entryDone', { count: Number(draft.quantity), code }));
  };
  return (
    <StockForm title={t('inventory.stock.entry')} submit={t('inventory.stock.entrySubmit')} busy={recording.loading} problem={form.problem} formRef={form.ref} onSubmit={submit} onCancel={onCancel}>
      <div className="grid-2">
        <LocationSelect label={t('inventory.stock.location')} error={form.errors.locationId} value={draft.locationId} onChange={(v) => setDraft((d) => ({ ...d, locationId: v }))} locations={locations} product={product} />
        <FormField label={t('inventory.stock.quantityIn')} error={form.errors.quantity}>
          {(p) => <input {...p} value={draft.quantity} onChange={(e) => setDraft((d) => ({ ...d, quantity: e.target.value }))} inputMode="numeric" autoComplete="off" required />}
        </FormField>
      </div>
      <FormField label={t('inventory.stock.note')} error={form.errors.note} optional>
        {(p) => <input {...p} value={draft.note} onChange={(e) => setDraft((d) => ({ ...d, note: e.target.value }))} maxLength={300} autoComplete="off" />}
      </FormField>
    </StockForm>
  );
}

/** A correction at a location: add or remove how many, and why (required). */
function AdjustmentForm({ product, locations, onDone, onCancel }: FormProps) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<AdjustmentDraft>({ locationId: '', direction: 'REMOVE', quantity: '', reason: '' });
  const [record, recording] = useMutation(RecordAdjustment);
  const form = useInventoryForm(adjustmentFields);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const code = locations.find((l) => l.id === draft.locationId)?.code ?? '';
    if (await form.send(parseAdjustment(product.id, draft), (input) => record({ variables: { input } }))) {
      onDone(t(draft.direction === 'ADD' ? 'inventory.stock.addedDone' : 'inventory.stock.removedDone', { count: Number(draft.quantity), code }));
    }
  };
  return (
    <StockForm title={t('inventory.stock.adjust')} submit={t('inventory.stock.adjustSubmit')} busy={recording.loading} problem={form.problem} formRef={form.ref} onSubmit={submit} onCancel={onCancel}>
      <div className="grid-2">
        <LocationSelect label={t('inventory.stock.location')} error={form.errors.locationId} value={draft.locationId} onChange={(v) => setDraft((d) => ({ ...d, locationId: v }))} locations={locations} product={product} />
        <FormField label={t('inventory.stock.direction')} error={form.errors.direction}>
          {(p) => (
            <select {...p} value={draft.direction} onChange={(e) => setDraft((d) => ({ ...d, direction: e.target.value }))}>
              <option value="REMOVE">{t('inventory.stock.remove')}</option>
              <option value="ADD">{t('inventory.stock.add')}</option>
            </select>
          )}
        </FormField>
        <FormField label={t('inventory.stock.quantityAdjust')} error={form.errors.quantity}>
          {(p) => <input {...p} value={draft.quantity} onChange={(e) => setDraft((d) => ({ ...d, quantity: e.target.value }))} inputMode="numeric" autoComplete="off" required />}
        </FormField>
      </div>
      <FormField label={t('inventory.stock.reason')} error={form.errors.reason} hint={t('inventory.stock.reasonHint')}>
        {(p) => <input {...p} value={draft.reason} onChange={(e) => setDraft((d) => ({ ...d, reason: e.target.value }))} maxLength={300} autoComplete="off" required />}
      </FormField>
    </StockForm>
  );
}

/** Units moved from one location to another. */
function TransferForm({ product, locations, onDone, onCancel }: FormProps) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<TransferDraft>({ fromLocationId: '', toLocationId: '', quantity: '' });
  const [transfer, transferring] = useMutation(TransferStock);
  const form = useInventoryForm(transferFields);
  const codeOf = (id: string) => locations.find((l) => l.id === id)?.code ?? '';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await form.send(parseTransfer(product.id, draft), (input) => transfer({ variables: { input } }))) {
      onDone(t('inventory.stock.transferDone', { count: Number(draft.quantity), from: codeOf(draft.fromLocationId), to: codeOf(draft.toLocationId) }));
    }
  };
  return (
    <StockForm title={t('inventory.stock.transfer')} submit={t('inventory.stock.transferSubmit')} busy={transferring.loading} problem={form.problem} formRef={form.ref} onSubmit={submit} onCancel={onCancel}>
      <div className="grid-2">
        <LocationSelect label={t('inventory.stock.from')} error={form.errors.fromLocationId} value={draft.fromLocationId} onChange={(v) => setDraft((d) => ({ ...d, fromLocationId: v }))} locations={locations} product={product} />
        <LocationSelect label={t('inventory.stock.to')} error={form.errors.toLocationId} value={draft.toLocationId} onChange={(v) => setDraft((d) => ({ ...d, toLocationId: v }))} locations={locations} product={product} />
        <FormField label={t('inventory.stock.quantityMoved')} error={form.errors.quantity}>
          {(p) => <input {...p} value={draft.quantity} onChange={(e) => setDraft((d) => ({ ...d, quantity: e.target.value }))} inputMode="numeric" autoComplete="off" required />}
        </FormField>
      </div>
    </StockForm>
  );
}
