import { PageTitle } from "../../lib/PageTitle";

// Placeholder: built by its feature's own work.
export function AdminUsagePage() {
  return (
    <section className="page">
      <PageTitle>Admin Usage</PageTitle>
    </section>
  );
}
