import { NavLink } from "react-router";
import "./admin.css";

/** The admin area's own sub-navigation, at the top of each admin page. */
export function AdminNav() {
  return (
    <nav aria-label="Admin" className="tabs admin-nav">
      <NavLink to="/admin/users">Users</NavLink>
      <NavLink to="/admin/workspaces">Workspaces</NavLink>
      <NavLink to="/admin/usage">Usage</NavLink>
      <NavLink to="/admin/audit">Audit</NavLink>
    </nav>
  );
}
