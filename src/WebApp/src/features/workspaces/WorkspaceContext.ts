import { createContext, useContext } from "react";
import type { WorkspaceDetail } from "../../api/types";

export interface WorkspaceState {
  workspace: WorkspaceDetail;
  /** Fetches the detail again (its counts change as documents come and go). */
  reload(): Promise<void>;
}

export const WorkspaceContext = createContext<WorkspaceState | null>(null);

/** The open workspace; only for pages under WorkspaceLayout (Documents, Search, Chat, Databases). */
export function useWorkspace(): WorkspaceState {
  const state = useContext(WorkspaceContext);
  if (!state) throw new Error("useWorkspace needs WorkspaceLayout above it.");
  return state;
}
