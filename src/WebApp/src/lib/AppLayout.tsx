import { NavLink, Outlet, useLocation, useNavigate } from "react-router";
import { useAuth, useUser } from "../features/auth/AuthContext";
import { ErrorBoundary } from "./ErrorBoundary";

export function AppLayout() {
  const user = useUser();
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/workspaces" className="brand">
          Planck
        </NavLink>
        <nav aria-label="Main">
          <ul>
            <li>
              <NavLink to="/workspaces">Workspaces</NavLink>
            </li>
            {user.role === "Admin" && (
              <li>
                <NavLink to="/admin">Admin</NavLink>
              </li>
            )}
            <li>
              <NavLink to="/settings">User Settings</NavLink>
            </li>
          </ul>
        </nav>
        <div className="topbar-user">
          <span className="user-email" title={user.email}>
            {user.full_name || user.email}
          </span>
          <button
            type="button"
            onClick={() => {
              void signOut().then(() => navigate("/sign-in", { replace: true }));
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="content">
        <ErrorBoundary resetKey={pathname}>
          <Outlet />
        </ErrorBoundary>
      </main>
    </div>
  );
}
