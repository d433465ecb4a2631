import type { OrderListOrder, OrderState } from '../../graphql/generated/graphql';
import { useI18n } from '../../i18n/i18n';
import { OrderSelect, SearchBox, UrlSelect, useUrlState } from '../../lib/list';

/**
 * The logistics order lists' search and filters, kept in the URL: the order number searched (`q`), the phase
 * (`state`, one of `phases`, the first by default; none when the list has no phase filter) and oldest or
 * newest first (`order`). Returns the values for the list's query and the controls to show above it.
 */
export function useOrderFilters<TPhase extends OrderState = OrderState>(phases: readonly TPhase[] = []) {
  const { t } = useI18n();
  const { params, set } = useUrlState();
  const number = params.get('q')?.trim() || null;
  const asked = params.get('state') as TPhase | null;
  const state = (asked && phases.includes(asked) ? asked : phases[0]) as TPhase;
  const order = (params.get('order') ?? 'OLDEST_FIRST') as OrderListOrder;
  const controls = (
    <>
      <SearchBox label={t('logistics.search.order')} value={number} maxLength={40} onSearch={(q) => set({ q })} />
      <div className="filters">
        {phases.length > 0 ? (
          <UrlSelect label={t('logistics.filter.phase')} value={state} choices={phases.map((s) => [s, t(`orderState.${s}`)] as const)} onChange={(v) => set({ state: v })} />
        ) : null}
        <OrderSelect value={order} onChange={(v) => set({ order: v })} />
      </div>
    </>
  );
  return { number, state, order, controls };
}
