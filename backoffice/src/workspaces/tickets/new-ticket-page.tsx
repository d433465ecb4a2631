import { useMutation } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { graphql } from '../../graphql/generated';
import type { TicketCategory, TicketPriority, TicketSource } from '../../graphql/generated/graphql';
import { useI18n } from '../../i18n/i18n';
import { BackLink } from '../../lib/detail';
import { Problem } from '../../lib/problem';
import { refusalOf } from '../../lib/refusal';
import { ticketCategories, ticketPriorities } from './ticket-enums';

const CreateTicket = graphql(`
  mutation StaffCreateTicketForCustomer($input: CreateTicketForCustomerInput!) { createTicketForCustomer(input: $input) { id } }
`);

/** A ticket for a customer's phone call or email: their customer code, what they said, category (or the classifier's), priority. */
export function NewTicketPage() {
  const { t, locale } = useI18n();
  const ids = useId();
  const navigate = useNavigate();
  const [customerCode, setCustomerCode] = useState('');
  const [source, setSource] = useState<TicketSource>('PHONE');
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [category, setCategory] = useState<TicketCategory | ''>('');
  const [priority, setPriority] = useState<TicketPriority>('NORMAL');
  const [problem, setProblem] = useState<string | null>(null);
  const [create, creating] = useMutation(CreateTicket);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    try {
      const { data } = await create({ variables: { input: { customerCode, source, subject, description, category: category || null, priority } } });
      if (data) navigate(`../${data.createTicketForCustomer.id}`);
    } catch (error) {
      const refusal = refusalOf(error, t, locale);
      setProblem(refusal.code === 'NOT_FOUND' ? t('tickets.newForm.unknownCustomer') : refusal.message);
    }
  };
  return (
    <section aria-labelledby={`${ids}-title`}>
      <BackLink label={t('tickets.back')} />
      <h1 id={`${ids}-title`}>{t('tickets.new')}</h1>
      <form onSubmit={submit}>
        <label htmlFor={`${ids}-code`}>{t('tickets.newForm.customerCode')}</label>
        <input id={`${ids}-code`} value={customerCode} onChange={(e) => setCustomerCode(e.target.value)} minLength={3} maxLength={20} required />
        <label htmlFor={`${ids}-source`}>{t('tickets.col.source')}</label>
        <select id={`${ids}-source`} value={source} onChange={(e) => setSource(e.target.value as TicketSource)}>
          <option value="PHONE">{t('ticketSource.PHONE')}</option>
          <option value="EMAIL">{t('ticketSource.EMAIL')}</option>
        </select>
        <label htmlFor={`${ids}-subject`}>{t('tickets.col.subject')}</label>
        <input id={`${ids}-subject`} value={subject} onChange={(e) => setSubject(e.target.value)} minLength={3} maxLength={200} required />
        <label htmlFor={`${ids}-description`}>{t('tickets.newForm.description')}</label>
        <textarea id={`${ids}-description`} value={description} onChange={(e) => setDescription(e.target.value)} rows={4} minLength={3} maxLength={4000} required />
        <label htmlFor={`${ids}-category`}>{t('tickets.col.category')}</label>
        <select id={`${ids}-category`} value={category} onChange={(e) => setCategory(e.target.value as TicketCategory | '')}>
          <option value="">{t('tickets.newForm.categoryAuto')}</option>
          {ticketCategories.map((c) => (
            <option key={c} value={c}>
              {t(`ticketCategory.${c}`)}
            </option>
          ))}
        </select>
        <label htmlFor={`${ids}-priority`}>{t('tickets.col.priority')}</label>
        <select id={`${ids}-priority`} value={priority} onChange={(e) => setPriority(e.target.value as TicketPriority)}>
          {ticketPriorities.map((p) => (
            <option key={p} value={p}>
              {t(`ticketPriority.${p}`)}
            </option>
          ))}
        </select>
        <Problem text={problem} />
        <button type="submit" disabled={creating.loading}>
          {t('tickets.newForm.submit')}
        </button>
      </form>
    </section>
  );
}
