import { useUser } from "../auth/AuthContext";
import { formatDate } from "../../lib/format";
import { PageTitle } from "../../lib/PageTitle";
import { ApiKeysSection } from "./ApiKeysSection";
import { ChangePasswordSection } from "./ChangePasswordSection";
import "../workspaces/tables.css";
import "./settings.css";

export function SettingsPage() {
  const user = useUser();
  return (
    <section className="page settings">
      <PageTitle>User Settings</PageTitle>
      <nav aria-label="User Settings sections" className="settings-jump">
        <ul>
          <li>
            <a href="#profile">Profile</a>
          </li>
          <li>
            <a href="#password">Change password</a>
          </li>
          <li>
            <a href="#api-keys">API Keys</a>
          </li>
        </ul>
      </nav>

      <section className="card settings-section" aria-labelledby="profile-heading" id="profile">
        <h2 id="profile-heading">Profile</h2>
        <dl className="profile">
          <dt>Name</dt>
          <dd>{user.full_name || "—"}</dd>
          <dt>Email</dt>
          <dd>{user.email}</dd>
          <dt>Role</dt>
          <dd>{user.role}</dd>
          <dt>Member since</dt>
          <dd>{formatDate(user.created_at)}</dd>
        </dl>
        <p className="hint">Only an administrator can change your name, email or role.</p>
      </section>

      <ChangePasswordSection email={user.email} />
      <ApiKeysSection />
    </section>
  );
}
