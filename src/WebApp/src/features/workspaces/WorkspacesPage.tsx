import { PageTitle } from "../../lib/PageTitle";

// Placeholder: built by its feature's own work.
export function WorkspacesPage() {
  return (
    <section className="page">
      <PageTitle>Workspaces</PageTitle>
    </section>
  );
}
