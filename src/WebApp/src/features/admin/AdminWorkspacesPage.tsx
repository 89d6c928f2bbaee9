import { PageTitle } from "../../lib/PageTitle";

// Placeholder: built by its feature's own work.
export function AdminWorkspacesPage() {
  return (
    <section className="page">
      <PageTitle>Admin Workspaces</PageTitle>
    </section>
  );
}
