import { useT } from '../../i18n/i18n';

/** "Load more" under a cursor-paginated list; hidden on the last page, disabled while a page loads. */
export function LoadMore({ hasNextPage, loading, onMore }: { hasNextPage: boolean; loading: boolean; onMore(): void }) {
  const t = useT();
  if (!hasNextPage) return null;
  return (
    <button type="button" disabled={loading} onClick={onMore}>
      {t('china.queue.loadMore')}
    </button>
  );
}
