import { useMutation, useQuery } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { graphql } from '../../graphql/generated';
import type { ListOrder, MasterParametersQuery } from '../../graphql/generated/graphql';
import { formatDateTime } from '../../i18n/format';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { ListView, OrderSelect, usePagedList, useUrlState } from '../../lib/list';
import { refusalOf } from '../../lib/refusal';
import { DataTable } from '../../lib/table-wrap';
import { displayValue, draftOf, fieldKind, integerBounds, parameterFields, parseParameters, type FormField, type ParameterField, type ParametersDraft } from './parameters-schema';
import { LoadProblem, Problem } from '../../lib/problem';

const MasterParameters = graphql(`
  query MasterParameters {
    businessParameters {
      version effectiveFrom changedByName changeReason
      vesPerUsd profitMargin airRatePerKgMinor doorToDoorRatePerKgMinor seaRatePerCubicMeterMinor volumetricDivisor
      courierFeeMinor officePickupFeeMinor usdPaymentDiscount quoteResponseHours paymentDeadlineHours monthlyQuoteLimit modificationLimit
      staffResponseAlertHours supportChatAnswerMinutes timeZone
      ticketReopenDays agentOnlineMinutes slaFirstResponseMinutesLow slaFirstResponseMinutesNormal slaFirstResponseMinutesHigh slaFirstResponseMinutesUrgent
      slaResolutionHoursLow slaResolutionHoursNormal slaResolutionHoursHigh slaResolutionHoursUrgent ticketQuoteNotSentHours ticketPaymentNotValidatedHours ticketCustomsStuckDays
    }
  }
`);
const MasterParametersHistory = graphql(`
  query MasterParametersHistory($order: ListOrder, $first: Int!, $after: String) {
    businessParametersHistory(order: $order, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node {
        version effectiveFrom changedByName changeReason
        vesPerUsd profitMargin airRatePerKgMinor doorToDoorRatePerKgMinor seaRatePerCubicMeterMinor volumetricDivisor
        courierFeeMinor officePickupFeeMinor usdPaymentDiscount quoteResponseHours paymentDeadlineHours monthlyQuoteLimit modificationLimit
        staffResponseAlertHours supportChatAnswerMinutes timeZone
        ticketReopenDays agentOnlineMinutes slaFirstResponseMinutesLow slaFirstResponseMinutesNormal slaFirstResponseMinutesHigh slaFirstResponseMinutesUrgent
        slaResolutionHoursLow slaResolutionHoursNormal slaResolutionHoursHigh slaResolutionHoursUrgent ticketQuoteNotSentHours ticketPaymentNotValidatedHours ticketCustomsStuckDays
      } }
    }
  }
`);
const UpdateParameters = graphql(`
  mutation MasterUpdateParameters($input: UpdateBusinessParametersInput!, $expectedVersion: Int!) {
    updateBusinessParameters(input: $input, expectedVersion: $expectedVersion) { version }
  }
`);

type Version = MasterParametersQuery['businessParameters'];

export const parameterLabels: Record<ParameterField, MessageKey> = {
  vesPerUsd: 'master.params.vesPerUsd',
  profitMargin: 'master.params.profitMargin',
  airRatePerKgMinor: 'master.params.airRatePerKgMinor',
  doorToDoorRatePerKgMinor: 'master.params.doorToDoorRatePerKgMinor',
  seaRatePerCubicMeterMinor: 'master.params.seaRatePerCubicMeterMinor',
  volumetricDivisor: 'master.params.volumetricDivisor',
  courierFeeMinor: 'master.params.courierFeeMinor',
  officePickupFeeMinor: 'master.params.officePickupFeeMinor',
  usdPaymentDiscount: 'master.params.usdPaymentDiscount',
  quoteResponseHours: 'master.params.quoteResponseHours',
  paymentDeadlineHours: 'master.params.paymentDeadlineHours',
  monthlyQuoteLimit: 'master.params.monthlyQuoteLimit',
  modificationLimit: 'master.params.modificationLimit',
  staffResponseAlertHours: 'master.params.staffResponseAlertHours',
  supportChatAnswerMinutes: 'master.params.supportChatAnswerMinutes',
  timeZone: 'master.params.timeZone',
  ticketReopenDays: 'master.params.ticketReopenDays',
  agentOnlineMinutes: 'master.params.agentOnlineMinutes',
  slaFirstResponseMinutesLow: 'master.params.slaFirstResponseMinutesLow',
  slaFirstResponseMinutesNormal: 'master.params.slaFirstResponseMinutesNormal',
  slaFirstResponseMinutesHigh: 'master.params.slaFirstResponseMinutesHigh',
  slaFirstResponseMinutesUrgent: 'master.params.slaFirstResponseMinutesUrgent',
  slaResolutionHoursLow: 'master.params.slaResolutionHoursLow',
  slaResolutionHoursNormal: 'master.params.slaResolutionHoursNormal',
  slaResolutionHoursHigh: 'master.params.slaResolutionHoursHigh',
  slaResolutionHoursUrgent: 'master.params.slaResolutionHoursUrgent',
  ticketQuoteNotSentHours: 'master.params.ticketQuoteNotSentHours',
  ticketPaymentNotValidatedHours: 'master.params.ticketPaymentNotValidatedHours',
  ticketCustomsStuckDays: 'master.params.ticketCustomsStuckDays',
};
const unitLabels: Record<(typeof fieldKind)[ParameterField], MessageKey> = {
  rate: 'master.params.unit.rate',
  percent: 'master.params.unit.percent',
  money: 'master.params.unit.money',
  integer: 'master.params.unit.integer',
  text: 'master.params.unit.text',
};
const groups: { legend: MessageKey; fields: ParameterField[] }[] = [
  { legend: 'master.params.group.money', fields: ['vesPerUsd', 'profitMargin', 'usdPaymentDiscount'] },
  { legend: 'master.params.group.freight', fields: ['airRatePerKgMinor', 'doorToDoorRatePerKgMinor', 'seaRatePerCubicMeterMinor', 'volumetricDivisor', 'courierFeeMinor', 'officePickupFeeMinor'] },
  { legend: 'master.params.group.deadlines', fields: ['quoteResponseHours', 'paymentDeadlineHours', 'staffResponseAlertHours', 'supportChatAnswerMinutes', 'monthlyQuoteLimit', 'modificationLimit', 'timeZone'] },
  {
    legend: 'master.params.group.support',
    fields: [
      'ticketReopenDays', 'agentOnlineMinutes',
      'slaFirstResponseMinutesLow', 'slaFirstResponseMinutesNormal', 'slaFirstResponseMinutesHigh', 'slaFirstResponseMinutesUrgent',
      'slaResolutionHoursLow', 'slaResolutionHoursNormal', 'slaResolutionHoursHigh', 'slaResolutionHoursUrgent',
      'ticketQuoteNotSentHours', 'ticketPaymentNotValidatedHours', 'ticketCustomsStuckDays',
    ],
  },
];
/** Help that says more than the unit (what the number means, its range), for the fields that need it. */
const fieldHelp: Partial<Record<ParameterField, MessageKey>> = {
  ticketReopenDays: 'master.params.help.ticketReopenDays',
  agentOnlineMinutes: 'master.params.help.agentOnlineMinutes',
  slaFirstResponseMinutesLow: 'master.params.help.slaFirstResponse',
  slaFirstResponseMinutesNormal: 'master.params.help.slaFirstResponse',
  slaFirstResponseMinutesHigh: 'master.params.help.slaFirstResponse',
  slaFirstResponseMinutesUrgent: 'master.params.help.slaFirstResponse',
  slaResolutionHoursLow: 'master.params.help.slaResolution',
  slaResolutionHoursNormal: 'master.params.help.slaResolution',
  slaResolutionHoursHigh: 'master.params.help.slaResolution',
  slaResolutionHoursUrgent: 'master.params.help.slaResolution',
  ticketQuoteNotSentHours: 'master.params.help.ticketQuoteNotSentHours',
  ticketPaymentNotValidatedHours: 'master.params.help.ticketPaymentNotValidatedHours',
  ticketCustomsStuckDays: 'master.params.help.ticketCustomsStuckDays',
};

/**
 * The Master's business parameters: the version in force as an edit form (one field per parameter in the
 * units staff think in — dollars, per cent, hours — and a mandatory reason), then the change history, newest
 * first: who put each version in force, when, why, and what changed against the version before it (the
 * exchange-rate history is its first column).
 */
export function ParametersPage() {
  const { t, locale } = useI18n();
  const query = useQuery(MasterParameters, { fetchPolicy: 'cache-and-network' });
  const { params, set } = useUrlState();
  const order: ListOrder = params.get('order') === 'OLDEST_FIRST' ? 'OLDEST_FIRST' : 'NEWEST_FIRST';
  const history = usePagedList(MasterParametersHistory, { order }, (d) => d.businessParametersHistory);
  const current = query.data?.businessParameters;
  const [saved, setSaved] = useState<number | null>(null);

  if (query.error && !current) {
    return (
      <section aria-labelledby="params-title">
        <h1 id="params-title">{t('master.params.title')}</h1>
        <LoadProblem lead={t('master.params.error')} error={query.error} retry={() => void query.refetch()} />
      </section>
    );
  }
  if (!current) return <p role="status">{t('app.loading')}</p>;

  // Each version is compared with the one before it, whichever page it was loaded with.
  const byVersion = new Map((history.connection?.edges ?? []).map((e) => [e.node.version, e.node]));
  return (
    <section aria-labelledby="params-title">
      <h1 id="params-title">{t('master.params.title')}</h1>
      <p>{t('master.params.intro', { version: current.version, date: formatDateTime(locale, current.effectiveFrom), name: current.changedByName ?? t('master.params.seed') })}</p>
      {saved ? (
        <p className="notice" role="status">
          {t('master.params.saved', { version: saved })}
        </p>
      ) : null}
      {/* A new version in force starts the form again from its values. */}
      <ParametersForm
        key={current.version}
        current={current}
        onSaved={(version) => {
          setSaved(version);
          void query.refetch();
          history.reload();
        }}
      />

      <h2 id="history-title">{t('master.history.title')}</h2>
      <div className="filters">
        <OrderSelect newestByDefault value={order} onChange={(v) => set({ order: v })} />
      </div>
      <ListView
        list={history}
        count={(count) => t('master.history.count', { count })}
        empty={t('master.history.empty')}
        csv={{
          name: 'parametros-historial.csv',
          header: [t('master.history.version'), t('master.history.when'), t('master.history.who'), t('master.history.reason'), ...parameterFields.map((f) => t(parameterLabels[f]))],
          row: (v) => [v.version, v.effectiveFrom, v.changedByName ?? t('master.params.seed'), v.changeReason ?? '', ...parameterFields.map((f) => displayValue(f, v[f]))],
        }}
      >
        {(versions) => (
          <DataTable label={t('master.history.title')} columns={[t('master.history.version'), t('master.history.when'), { text: t('master.params.vesPerUsd'), num: true }, t('master.history.who'), t('master.history.reason'), t('master.history.changes')]}>
            {versions.map((v) => (
              <tr key={v.version}>
                <td>{v.version}</td>
                <td>{formatDateTime(locale, v.effectiveFrom)}</td>
                <td className="num">{displayValue('vesPerUsd', v.vesPerUsd)}</td>
                <td>{v.changedByName ?? t('master.params.seed')}</td>
                <td>{v.changeReason ?? '—'}</td>
                <td>
                  <Changes version={v} previous={byVersion.get(v.version - 1) ?? null} />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </ListView>
    </section>
  );
}

/** What `version` changed against `previous` ("Tasa: 36.5 → 40"); the first version (or one whose predecessor is not loaded) shows a dash. */
function Changes({ version, previous }: { version: Version; previous: Version | null }) {
  const { t } = useI18n();
  if (!previous) return <>—</>;
  const changed = parameterFields.filter((f) => displayValue(f, version[f]) !== displayValue(f, previous[f]));
  if (changed.length === 0) return <>—</>;
  return (
    <ul className="plain">
      {changed.map((f) => (
        <li key={f}>
          {t(parameterLabels[f])}: {displayValue(f, previous[f])} → {displayValue(f, version[f])}
        </li>
      ))}
    </ul>
  );
}

/**
 * The edit form over the version in force → `updateBusinessParameters` against that version. What is typed
 * lives in this component's state, so it survives a session renewal; errors show next to their field
 * (checked here first, then the API's refusals), others (e.g. someone else changed the parameters meanwhile)
 * next to the button.
 */
function ParametersForm({ current, onSaved }: { current: Version; onSaved: (version: number) => void }) {
  const { t, locale } = useI18n();
  const [update, saving] = useMutation(UpdateParameters);
  const [draft, setDraft] = useState<ParametersDraft>(() => draftOf(current));
  const [errors, setErrors] = useState<Partial<Record<FormField, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const formId = useId();
  const idOf = (field: FormField) => `${formId}-${field}`;

  const message = (field: FormField, key: MessageKey) => {
    const [min, max] = integerBounds[field as ParameterField] ?? [0, 0];
    return t(key, { min, max });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const parsed = parseParameters(draft);
    if ('errors' in parsed) {
      setErrors(Object.fromEntries(Object.entries(parsed.errors).map(([f, key]) => [f, message(f as FormField, key)])));
      const first = [...parameterFields, 'changeReason' as const].find((f) => parsed.errors[f]);
      if (first) document.getElementById(idOf(first))?.focus();
      return;
    }
    setErrors({});
    try {
      const { data } = await update({ variables: { input: parsed.input, expectedVersion: current.version } });
      if (data) onSaved(data.updateBusinessParameters.version);
    } catch (error) {
      const refusal = refusalOf(error, t, locale);
      if (refusal.code === 'UNAUTHENTICATED') return;
      const detail = (error as { errors?: { extensions?: { reason?: string } }[] }).errors?.[0]?.extensions?.reason;
      const field = [...parameterFields, 'changeReason' as const].find((f) => f === refusal.field);
      if (field) {
        setErrors({ [field]: refusal.code === 'BAD_USER_INPUT' ? t('master.params.fieldRefused') : refusal.message });
        document.getElementById(idOf(field))?.focus();
      } else if (detail === 'NO_CHANGES') {
        setProblem(t('master.params.noChanges'));
      } else {
        setProblem(refusal.message);
      }
    }
  };

  const input = (field: FormField) => {
    const error = errors[field];
    const errorId = `${idOf(field)}-error`;
    const hintId = `${idOf(field)}-hint`;
    const kind = field === 'changeReason' ? null : fieldKind[field];
    const common = {
      id: idOf(field),
      name: field,
      value: draft[field],
      required: true,
      'aria-invalid': error ? true : undefined,
      'aria-describedby': [kind ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined,
      onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: e.target.value })),
    };
    return (
      <div className="field" key={field}>
        <label htmlFor={idOf(field)}>{field === 'changeReason' ? t('master.params.changeReason') : t(parameterLabels[field])}</label>
        {field === 'changeReason' ? (
          <textarea {...common} rows={2} maxLength={1000} />
        ) : (
          <input {...common} type="text" inputMode={kind === 'text' ? undefined : kind === 'integer' ? 'numeric' : 'decimal'} autoComplete="off" />
        )}
        {kind ? (
          <p id={hintId} className="hint">
            {message(field, fieldHelp[field as ParameterField] ?? unitLabels[kind])}
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

  return (
    <form className="parameters" onSubmit={submit} noValidate aria-labelledby={`${formId}-title`}>
      <h2 id={`${formId}-title`}>{t('master.params.formTitle')}</h2>
      {Object.keys(errors).length > 0 ? (
        <p className="problem" role="alert">
          {t('form.errorSummary')}
        </p>
      ) : null}
      {groups.map((g) => (
        <fieldset key={g.legend}>
          <legend>{t(g.legend)}</legend>
          <div className="grid-3">{g.fields.map(input)}</div>
        </fieldset>
      ))}
      {input('changeReason')}
      <div className="actions">
        <button type="submit" className="primary" disabled={saving.loading}>
          {saving.loading ? t('master.params.saving') : t('master.params.save')}
        </button>
        <Problem text={problem} />
      </div>
    </form>
  );
}
