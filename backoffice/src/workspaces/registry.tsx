import type { ReactElement } from 'react';
import type { MessageKey } from '../i18n/i18n';
import { ChinaWorkspace } from './china/china-workspace';
import { VenezuelaWorkspace } from './venezuela/venezuela-workspace';
import { PaymentsWorkspace } from './payments/payments-workspace';
import { LogisticsWorkspace } from './logistics/logistics-workspace';
import { MasterWorkspace } from './master/master-workspace';
import { InventoryWorkspace } from './inventory/inventory-workspace';
import { TicketsWorkspace } from './tickets/tickets-workspace';
import { SupportWorkspace } from './support/support-workspace';
import { TraceWorkspace } from './trace/trace-workspace';

/**
 * One staff workspace: where it lives under /backoffice/, its name in the navigation, and the permission
 * that opens it (the API refuses the same operations to everyone else). Later workspaces are added here.
 */
export interface Workspace {
  path: string;
  label: MessageKey;
  /** The permission that opens it, or several of which any one does. */
  permission: string | readonly string[];
  element: ReactElement;
}

export const workspaces: readonly Workspace[] = [
  { path: 'china', label: 'workspace.china', permission: 'quote:source', element: <ChinaWorkspace /> },
  // Pricing for Venezuela agents; its survey results also for supervisors and the Master (survey:read:any).
  { path: 'venezuela', label: 'workspace.venezuela', permission: ['quote:price', 'survey:read:any'], element: <VenezuelaWorkspace /> },
  { path: 'payments', label: 'workspace.payments', permission: 'payment:validate', element: <PaymentsWorkspace /> },
  // China and Venezuela agents both record tracking; the China-only sections check their own permissions.
  { path: 'logistics', label: 'workspace.logistics', permission: 'tracking:record', element: <LogisticsWorkspace /> },
  { path: 'master', label: 'workspace.master', permission: 'settings:write', element: <MasterWorkspace /> },
  // Inventory and direct sales (issue 9): sellers and the Master.
  { path: 'inventory', label: 'workspace.inventory', permission: 'inventory:read', element: <InventoryWorkspace /> },
  // Support tickets and FAQ (issue 10): support and Venezuela agents, supervisors and the Master.
  { path: 'tickets', label: 'workspace.tickets', permission: 'ticket:work', element: <TicketsWorkspace /> },
  // Support chat (issue 10): the agents' inbox.
  { path: 'support', label: 'workspace.support', permission: 'support-chat:answer', element: <SupportWorkspace /> },
  // Traceability (issue 9): any of its permissions opens it; each section checks its own.
  { path: 'trace', label: 'workspace.trace', permission: ['trace:unit:register', 'trace:unit:event', 'trace:anchoring', 'trace:unit:sell'], element: <TraceWorkspace /> },
];

/**
 * The workspaces `can` opens, in navigation order: first those opened by their main (first) permission, then
 * those opened only by another one — so the Master still lands on Master, with the survey results after it.
 */
export function workspacesFor(can: (permission: string) => boolean): Workspace[] {
  const permissions = (w: Workspace) => (typeof w.permission === 'string' ? [w.permission] : w.permission);
  const main = workspaces.filter((w) => can(permissions(w)[0]!));
  const other = workspaces.filter((w) => !main.includes(w) && permissions(w).some(can));
  return [...main, ...other];
}
