import { forbidden, unauthenticated } from '../http/problem.ts';
import type { Principal } from './principal.ts';
import { roleAtLeast, type AccessLevel, type Role } from './roles.ts';

/**
 * Everything a principal can do inside a dataspace, with the least role it needs.
 * Reading a dataset is special: it also depends on the dataset's access level.
 */
export const ACTION_MIN_ROLE = {
  'dataspace.read': 'lesen',
  'dataspace.update': 'koordination',
  'dataset.read': 'lesen',
  'dataset.metadata.update': 'redaktion',
  'dataset.import': 'redaktion',
  'dataset.create': 'entwicklung',
  'dataset.schema.change': 'entwicklung',
  'token.create': 'entwicklung',
  'dataset.accessLevel.change': 'koordination',
  'dataset.delete': 'koordination',
  'dataset.version.restore': 'koordination',
  'members.read': 'lesen',
  'members.manage': 'koordination',
  'audit.read': 'koordination',
} as const satisfies Record<string, Role>;

export type Action = keyof typeof ACTION_MIN_ROLE;

const READ_ACTIONS: ReadonlySet<Action> = new Set(['dataspace.read', 'dataset.read', 'members.read']);

export interface DataspaceScope {
  dataspaceId: number;
  /** The principal's role in this dataspace, or null for non-members. */
  role: Role | null;
  /** Access level of the dataset, for dataset.read. */
  accessLevel?: AccessLevel;
}

/** Decides whether a principal (or an anonymous caller, null) may perform an action. Pure, so it is tested as a table. */
export function isAllowed(principal: Principal | null, action: Action, scope: DataspaceScope): boolean {
  if (principal?.token) {
    if (!principal.token.dataspaceIds.includes(scope.dataspaceId)) return false;
    if (!READ_ACTIONS.has(action) && principal.token.access !== 'write') return false;
  }
  if (action === 'dataset.read' && scope.accessLevel === 'oeffentlich') return true;
  if (principal === null) return false;
  if (action === 'dataset.read' && scope.accessLevel === 'intern') return true;
  if (principal.isAdmin) return true;
  return roleAtLeast(scope.role, ACTION_MIN_ROLE[action]);
}

/** Throws 401 for anonymous callers and 403 for everyone else when the action is not allowed. */
export function assertAllowed(principal: Principal | null, action: Action, scope: DataspaceScope): void {
  if (isAllowed(principal, action, scope)) return;
  throw principal === null ? unauthenticated() : forbidden();
}
