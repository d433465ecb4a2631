import { useMutation, useQuery } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { graphql } from '../../graphql/generated';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { BackLink } from '../../lib/detail';
import { LoadProblem, Problem } from '../../lib/problem';
import { refusalOf } from '../../lib/refusal';
import { DataTable } from '../../lib/table-wrap';
import { useSession } from '../../session/session';

const CannedReplies = graphql(`
  query SupportCannedReplies { cannedReplies { id title body updatedAt } }
`);
const SaveCannedReply = graphql(`
  mutation SupportSaveCannedReply($id: ID, $input: CannedReplyInput!) { saveCannedReply(id: $id, input: $input) { id title body updatedAt } }
`);
const DeleteCannedReply = graphql(`
  mutation SupportDeleteCannedReply($id: ID!) { deleteCannedReply(id: $id) }
`);

/**
 * Canned replies agents insert into their answers: listed by title for every agent; created, changed and
 * deleted by supervisors and the Master (support-chat:canned-replies). A title already in use is refused
 * beside the field.
 */
export function CannedRepliesPage() {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const ids = useId();
  const list = useQuery(CannedReplies);
  const [save, saving] = useMutation(SaveCannedReply);
  const [remove] = useMutation(DeleteCannedReply);
  const [editing, setEditing] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const mayEdit = can('support-chat:canned-replies');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    try {
      await save({ variables: { id: editing, input: { title, body } } });
      setDone(t('support.canned.saved', { title }));
      setEditing(null);
      setTitle('');
      setBody('');
      await list.refetch();
    } catch (error) {
      const refusal = refusalOf(error, t, locale);
      setProblem(refusal.code === 'BAD_USER_INPUT' && refusal.field === 'title' ? t('support.canned.titleTaken') : refusal.message);
    }
  };

  return (
    <section aria-labelledby="canned-title">
      <BackLink label={t('support.chat.back')} />
      <h1 id="canned-title">{t('support.canned.title')}</h1>
      <p>{t('support.canned.intro')}</p>
      {mayEdit ? (
        <form onSubmit={(e) => void submit(e)} aria-labelledby={`${ids}-form`}>
          <h2 id={`${ids}-form`}>{editing ? t('support.canned.edit') : t('support.canned.new')}</h2>
          <div className="field">
            <label htmlFor={`${ids}-title`}>{t('support.canned.fieldTitle')}</label>
            <input id={`${ids}-title`} value={title} maxLength={80} required onChange={(e) => setTitle(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-body`}>{t('support.canned.fieldBody')}</label>
            <textarea id={`${ids}-body`} value={body} maxLength={2000} rows={3} required onChange={(e) => setBody(e.target.value)} />
          </div>
          <Problem text={problem} />
          <button type="submit" disabled={saving.loading}>{t('support.canned.save')}</button>
        </form>
      ) : null}
      {done ? <p className="notice" role="status">{done}</p> : null}
      {list.error ? <LoadProblem error={list.error} retry={() => void list.refetch()} /> : null}
      {list.loading && !list.data ? <p>{t('support.canned.loading')}</p> : null}
      {list.data && list.data.cannedReplies.length === 0 ? <p>{t('support.canned.empty')}</p> : null}
      {list.data && list.data.cannedReplies.length > 0 ? (
        <DataTable label={t('support.canned.title')} columns={[t('support.canned.fieldTitle'), t('support.canned.fieldBody'), t('support.canned.updated'), mayEdit && t('support.canned.actions')]}>
          {list.data.cannedReplies.map((r) => (
            <tr key={r.id}>
              <td>{r.title}</td>
              <td>{r.body}</td>
              <td>{formatDateTime(locale, r.updatedAt)}</td>
              {mayEdit ? (
                <td>
                  <button type="button" className="secondary" onClick={() => { setEditing(r.id); setTitle(r.title); setBody(r.body); }}>
                    {t('support.canned.editOne', { title: r.title })}
                  </button>{' '}
                  <button type="button" className="secondary" onClick={() => void remove({ variables: { id: r.id } }).then(() => list.refetch(), (e: unknown) => setProblem(refusalOf(e, t, locale).message))}>
                    {t('support.canned.deleteOne', { title: r.title })}
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </DataTable>
      ) : null}
    </section>
  );
}
