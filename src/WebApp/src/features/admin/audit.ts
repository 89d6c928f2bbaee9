import { query } from "../../api/client";

// The audit page's filters as the person sets them, and the request they make. Times are typed in the browser's
// own time zone (datetime-local) and sent as UTC instants, so what the table shows and what it was filtered by agree.

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilters {
  actorId: string;
  /** An action name, or a dotted prefix of one (`key` matches `key.created`); empty for every action. */
  action: string;
  workspaceId: string;
  /** `YYYY-MM-DDTHH:mm` in local time, inclusive; empty for no bound. */
  from: string;
  /** `YYYY-MM-DDTHH:mm` in local time, exclusive; empty for no bound. */
  to: string;
}

export const NO_FILTERS: AuditFilters = { actorId: "", action: "", workspaceId: "", from: "", to: "" };

/** A local `datetime-local` value as a UTC ISO instant; what cannot be read is passed on for the server to refuse by name. */
export function localToUtc(local: string): string {
  if (!local) return "";
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? local : date.toISOString();
}

export function auditPath(filters: AuditFilters, offset: number): string {
  return `/api/v1/admin/audit${query({
    actor_id: filters.actorId,
    action: filters.action,
    workspace_id: filters.workspaceId,
    from: localToUtc(filters.from),
    to: localToUtc(filters.to),
    limit: AUDIT_PAGE_SIZE,
    offset,
  })}`;
}

/** Groups of actions by their first part, offered as prefixes, then every action the server records. */
export const ACTION_GROUPS: { value: string; label: string }[] = [
  { value: "auth", label: "Sign-ins and sign-outs" },
  { value: "user", label: "Users" },
  { value: "key", label: "API keys" },
  { value: "workspace", label: "Workspaces" },
  { value: "member", label: "Members" },
  { value: "database", label: "Databases and SQL statements" },
  { value: "documents", label: "Documents" },
];

export const ACTIONS = [
  "auth.sign_in.succeeded",
  "auth.sign_in.failed",
  "auth.sign_out",
  "user.created",
  "user.updated",
  "user.password_changed",
  "key.created",
  "key.revoked",
  "key.first_used",
  "workspace.created",
  "workspace.updated",
  "workspace.deleted",
  "member.added",
  "member.removed",
  "database.created",
  "database.updated",
  "database.refreshed",
  "database.deleted",
  "database.context.updated",
  "database.query",
  "documents.reindexed",
];

/**
 * An entry's details as name and text pairs, in the server's order. Nested values are shown as compact JSON; every
 * value ends up as text, which the page renders as text only, so nothing in an entry can become markup.
 */
export function detailLines(details: Record<string, unknown> | null): { name: string; value: string }[] {
  if (!details) return [];
  return Object.entries(details).map(([name, value]) => ({
    name,
    value: value === null ? "—" : typeof value === "string" ? value : JSON.stringify(value),
  }));
}
