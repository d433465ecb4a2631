import type { ReactElement } from 'react';
import type { MessageKey } from '../i18n/i18n';
import { ChinaWorkspace } from './china/china-workspace';
import { VenezuelaWorkspace } from './venezuela/venezuela-workspace';
import { PaymentsWorkspace } from './payments/payments-workspace';
import { LogisticsWorkspace } from './logistics/logistics-workspace';
import { MasterWorkspace } from './master/master-workspace';

/**
 * One staff workspace: where it lives under /backoffice/, its name in the navigation, and the permission
 * that opens it (the API refuses the same operations to everyone else). Later workspaces are added here.
 */
export interface Workspace {
  path: string;
  label: MessageKey;
  permission: string;
  element: ReactElement;
}

export const workspaces: readonly Workspace[] = [
  { path: 'china', label: 'workspace.china', permission: 'quote:source', element: <ChinaWorkspace /> },
  { path: 'venezuela', label: 'workspace.venezuela', permission: 'quote:price', element: <VenezuelaWorkspace /> },
  { path: 'payments', label: 'workspace.payments', permission: 'payment:validate', element: <PaymentsWorkspace /> },
  // China and Venezuela agents both record tracking; the China-only sections check their own permissions.
  { path: 'logistics', label: 'workspace.logistics', permission: 'tracking:record', element: <LogisticsWorkspace /> },
  { path: 'master', label: 'workspace.master', permission: 'settings:write', element: <MasterWorkspace /> },
];

/** The workspaces `can` opens, in navigation order. */
export function workspacesFor(can: (permission: string) => boolean): Workspace[] {
  return workspaces.filter((w) => can(w.permission));
}
