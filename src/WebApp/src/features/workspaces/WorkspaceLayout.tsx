import { Outlet } from "react-router";

// Placeholder: the workspace header with its Documents / Search / Chat tabs.
export function WorkspaceLayout() {
  return <Outlet />;
}
