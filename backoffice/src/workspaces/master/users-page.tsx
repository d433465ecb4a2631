import { useMutation, useQuery } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { graphql } from '../../graphql/generated';
import type { MasterUsersQuery, Role, UserOrder } from '../../graphql/generated/graphql';
import { formatDateTime } from '../../i18n/format';
import { isMessageKey, useI18n, type MessageKey } from '../../i18n/i18n';
import { ListView, SearchBox, UrlSelect, usePagedList, useUrlState } from '../../lib/list';
import { refusalOf } from '../../lib/refusal';
import { useSession } from '../../session/session';
import { DataTable } from '../../lib/table-wrap';
import { emptyStaffUser, parseStaffUser, staffRoles, staffUserFields, type StaffUserDraft, type StaffUserField } from './staff-user-schema';
import { Problem } from '../../lib/problem';

const MasterUsers = graphql(`
  query MasterUsers($role: Role, $active: Boolean, $search: String, $order: UserOrder, $first: Int!, $after: String) {
    users(kind: STAFF, role: $role, active: $active, search: $search, order: $order, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id username displayName email roles active createdAt lastSignInAt } }
    }
  }
`);
const RolePermissions = graphql(`
  query MasterRolePermissions { rolePermissions { role permissions } }
`);
const CreateStaffUser = graphql(`
  mutation MasterCreateStaffUser($input: CreateStaffUserInput!) { createStaffUser(input: $input) { id displayName roles } }
`);
const SetUserRoles = graphql(`
  mutation MasterSetUserRoles($input: SetUserRolesInput!) { setUserRoles(input: $input) { id roles } }
`);
const SetUserActive = graphql(`
  mutation MasterSetUserActive($userId: ID!, $active: Boolean!) { setUserActive(userId: $userId, active: $active) { id active } }
`);

type StaffUser = MasterUsersQuery['users']['edges'][number]['node'];

/**
 * The Master's staff accounts: create one with its roles, list them (search by name or username, filter by
 * role and by enabled/disabled, newest first, cursor pages, CSV of the rows loaded), change a user's roles,
 * disable or enable an account (disabling ends its sessions), and what each role may do.
 */
export function UsersPage() {
  const { t } = useI18n();
  const { params, set } = useUrlState();
  const search = params.get('q')?.trim() || null;
  const role = (params.get('role') as Role | null) || null;
  const activeParam = params.get('active');
  const active = activeParam === 'yes' ? true : activeParam === 'no' ? false : null;
  const order = (params.get('order') ?? 'NEWEST_FIRST') as UserOrder;
  const [created, setCreated] = useState<string | null>(null);

  const users = usePagedList(MasterUsers, { search, role, active, order }, (d) => d.users);
  const all = t('payments.filter.all');

  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">{t('master.users.title')}</h1>
      <p>{t('master.users.intro')}</p>
      <CreateUserForm
        onCreated={(name) => {
          setCreated(name);
          users.reload();
        }}
      />
      {created ? (
        <p className="notice" role="status">
          {t('master.users.created', { name: created })}
        </p>
      ) : null}

      <h2 id="users-list-title">{t('master.users.listTitle')}</h2>
      <SearchBox label={t('master.users.search')} value={search} onSearch={(q) => set({ q })} />
      <div className="filters">
        <UrlSelect label={t('master.users.filter.role')} value={role ?? ''} choices={[['', all], ...staffRoles.map((r) => [r, t(`role.${r}`)] as const)]} onChange={(v) => set({ role: v })} />
        <UrlSelect
          label={t('master.users.filter.state')}
          value={activeParam ?? ''}
          choices={[
            ['', all],
            ['yes', t('master.users.enabled')],
            ['no', t('master.users.disabled')],
          ]}
          onChange={(v) => set({ active: v })}
        />
        <UrlSelect
          label={t('list.order')}
          value={order}
          choices={[
            ['NEWEST_FIRST', t('list.order.NEWEST_FIRST')],
            ['OLDEST_FIRST', t('list.order.OLDEST_FIRST')],
            ['NAME', t('list.order.NAME')],
          ]}
          onChange={(v) => set({ order: v })}
        />
      </div>
      <ListView
        list={users}
        count={(count) => t('master.users.count', { count })}
        empty={t('master.users.empty')}
        csv={{
          name: 'usuarios.csv',
          header: [t('master.users.col.name'), t('master.users.col.username'), t('master.users.col.email'), t('master.users.col.roles'), t('master.users.col.state'), t('master.users.col.created'), t('master.users.col.lastSignIn')],
          row: (node) => [
            node.displayName, node.username ?? '', node.email ?? '', (node.roles ?? []).map((r) => t(`role.${r}`)).join(' / '),
            node.active ? t('master.users.enabled') : t('master.users.disabled'), node.createdAt ?? '', node.lastSignInAt ?? '',
          ],
        }}
      >
        {(nodes) => (
          <DataTable label={t('master.users.listTitle')} columns={[t('master.users.col.name'), t('master.users.col.username'), t('master.users.col.roles'), t('master.users.col.state'), t('master.users.col.lastSignIn'), t('master.users.col.actions')]}>
            {nodes.map((node) => (
              <UserRow key={node.id} user={node} />
            ))}
          </DataTable>
        )}
      </ListView>
      <RolesTable />
    </section>
  );
}

/** One staff account: its roles (editable in place), whether it is enabled, and the enable/disable action. */
function UserRow({ user }: { user: StaffUser }) {
  const { t, locale } = useI18n();
  const session = useSession();
  const [editing, setEditing] = useState(false);
  const [roles, setRoles] = useState<Role[]>(user.roles ?? []);
  const [problem, setProblem] = useState<string | null>(null);
  const [setUserRoles, savingRoles] = useMutation(SetUserRoles);
  const [setUserActive, switching] = useMutation(SetUserActive);
  const ids = useId();
  const self = session.staff?.id === user.id;

  const refuse = (error: unknown) => {
    const refusal = refusalOf(error, t, locale);
    if (refusal.code !== 'UNAUTHENTICATED') setProblem(refusal.message);
  };
  const saveRoles = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (roles.length === 0) return setProblem(t('master.users.rolesRequired'));
    try {
      await setUserRoles({ variables: { input: { userId: user.id, roles } } });
      setEditing(false);
    } catch (error) {
      refuse(error);
    }
  };
  const toggleActive = async () => {
    setProblem(null);
    try {
      await setUserActive({ variables: { userId: user.id, active: !user.active } });
    } catch (error) {
      refuse(error);
    }
  };

  return (
    <tr>
      <th scope="row">{user.displayName}</th>
      <td>{user.username}</td>
      <td>
        {editing ? (
          <form onSubmit={saveRoles} aria-label={t('master.users.rolesOf', { name: user.displayName })}>
            <fieldset className="plain">
              <legend className="visually-hidden">{t('master.users.rolesOf', { name: user.displayName })}</legend>
              {staffRoles.map((r) => (
                <div key={r}>
                  <input
                    id={`${ids}-${r}`}
                    type="checkbox"
                    checked={roles.includes(r)}
                    onChange={(e) => setRoles((current) => (e.target.checked ? [...current, r] : current.filter((x) => x !== r)))}
                  />{' '}
                  <label htmlFor={`${ids}-${r}`}>{t(`role.${r}`)}</label>
                </div>
              ))}
            </fieldset>
            <button type="submit" className="primary" disabled={savingRoles.loading}>
              {t('master.users.saveRoles')}
            </button>{' '}
            <button type="button" onClick={() => (setEditing(false), setRoles(user.roles ?? []))}>
              {t('master.users.cancel')}
            </button>
          </form>
        ) : (
          (user.roles ?? []).map((r) => t(`role.${r}`)).join(', ')
        )}
      </td>
      <td>
        <span className={`badge ${user.active ? 'user-enabled' : 'user-disabled'}`}>{user.active ? t('master.users.enabled') : t('master.users.disabled')}</span>
      </td>
      <td>{user.lastSignInAt ? formatDateTime(locale, user.lastSignInAt) : t('master.users.never')}</td>
      <td>
        <div className="actions">
          {editing ? null : (
            <button type="button" onClick={() => setEditing(true)} aria-label={t('master.users.changeRolesOf', { name: user.displayName })}>
              {t('master.users.changeRoles')}
            </button>
          )}
          {self ? null : (
            <button type="button" onClick={() => void toggleActive()} disabled={switching.loading} aria-label={t(user.active ? 'master.users.disableUser' : 'master.users.enableUser', { name: user.displayName })}>
              {user.active ? t('master.users.disable') : t('master.users.enable')}
            </button>
          )}
        </div>
        <Problem text={problem} />
      </td>
    </tr>
  );
}

const fieldLabels: Record<StaffUserField, MessageKey> = {
  username: 'master.users.username',
  displayName: 'master.users.displayName',
  email: 'master.users.email',
  password: 'master.users.password',
  roles: 'master.users.roles',
};

/** A new staff account → `createStaffUser`; errors next to their field (here first, then the API's refusals). */
function CreateUserForm({ onCreated }: { onCreated: (name: string) => void }) {
  const { t, locale } = useI18n();
  const [create, creating] = useMutation(CreateStaffUser);
  const [draft, setDraft] = useState<StaffUserDraft>(emptyStaffUser);
  const [errors, setErrors] = useState<Partial<Record<StaffUserField, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const formId = useId();
  const idOf = (field: StaffUserField) => `${formId}-${field}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const parsed = parseStaffUser(draft);
    if ('errors' in parsed) {
      setErrors(Object.fromEntries(Object.entries(parsed.errors).map(([f, key]) => [f, t(key)])));
      const first = staffUserFields.find((f) => parsed.errors[f]);
      if (first) document.getElementById(first === 'roles' ? `${idOf('roles')}-${staffRoles[0]}` : idOf(first))?.focus();
      return;
    }
    setErrors({});
    try {
      await create({ variables: { input: parsed.input } });
      setDraft(emptyStaffUser);
      onCreated(parsed.input.displayName);
    } catch (error) {
      const refusal = refusalOf(error, t, locale);
      if (refusal.code === 'UNAUTHENTICATED') return;
      const field = refusal.code === 'USERNAME_TAKEN' ? 'username' : refusal.code === 'EMAIL_TAKEN' ? 'email' : staffUserFields.find((f) => f === refusal.field);
      if (field) {
        setErrors({ [field]: refusal.message });
        document.getElementById(idOf(field))?.focus();
      } else setProblem(refusal.message);
    }
  };

  const text = (field: Exclude<StaffUserField, 'roles'>, type: 'text' | 'email' | 'password', autoComplete: string) => {
    const error = errors[field];
    return (
      <div className="field">
        <label htmlFor={idOf(field)}>
          {t(fieldLabels[field])} {field === 'email' ? <span className="optional">{t('form.optional')}</span> : null}
        </label>
        <input
          id={idOf(field)}
          type={type}
          value={draft[field]}
          autoComplete={autoComplete}
          required={field !== 'email'}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${idOf(field)}-error` : undefined}
          onChange={(e) => setDraft((d) => ({ ...d, [field]: e.target.value }))}
        />
        {error ? (
          <p id={`${idOf(field)}-error`} className="field-error">
            {error}
          </p>
        ) : null}
      </div>
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${formId}-title`}>
      <h2 id={`${formId}-title`}>{t('master.users.createTitle')}</h2>
      <div className="grid-2">
        {text('displayName', 'text', 'off')}
        {text('username', 'text', 'off')}
        {text('email', 'email', 'off')}
        {text('password', 'password', 'new-password')}
      </div>
      <fieldset aria-describedby={errors.roles ? `${idOf('roles')}-error` : undefined}>
        <legend>{t('master.users.roles')}</legend>
        {staffRoles.map((r) => (
          <div key={r}>
            <input
              id={`${idOf('roles')}-${r}`}
              type="checkbox"
              checked={draft.roles.includes(r)}
              onChange={(e) => setDraft((d) => ({ ...d, roles: e.target.checked ? [...d.roles, r] : d.roles.filter((x) => x !== r) }))}
            />{' '}
            <label htmlFor={`${idOf('roles')}-${r}`}>{t(`role.${r}`)}</label>
          </div>
        ))}
        {errors.roles ? (
          <p id={`${idOf('roles')}-error`} className="field-error">
            {errors.roles}
          </p>
        ) : null}
      </fieldset>
      <div className="actions">
        <button type="submit" className="primary" disabled={creating.loading}>
          {creating.loading ? t('master.users.creating') : t('master.users.create')}
        </button>
        <Problem text={problem} />
      </div>
    </form>
  );
}

/** What each role may do: the API's own role → permission table, in plain words. */
function RolesTable() {
  const { t, locale } = useI18n();
  const query = useQuery(RolePermissions);
  return (
    <>
      <h2 id="roles-title">{t('master.roles.title')}</h2>
      <p>{t('master.roles.intro')}</p>
      {query.error ? (
        <p className="problem" role="alert">
          {refusalOf(query.error, t, locale).message}
        </p>
      ) : !query.data ? (
        <p role="status">{t('app.loading')}</p>
      ) : (
        <dl className="roles">
          {query.data.rolePermissions.map(({ role, permissions }) => (
            <div key={role}>
              <dt>{t(`role.${role}`)}</dt>
              <dd>
                <ul className="plain">
                  {permissions.map((p) => (
                    <li key={p}>{permissionText(t, p)}</li>
                  ))}
                </ul>
              </dd>
            </div>
          ))}
        </dl>
      )}
    </>
  );
}

/** A permission in plain words; one the catalogue does not know yet shows its name. */
function permissionText(t: (key: MessageKey) => string, permission: string): string {
  const key = `perm.${permission}`;
  return isMessageKey(key) ? t(key) : permission;
}
