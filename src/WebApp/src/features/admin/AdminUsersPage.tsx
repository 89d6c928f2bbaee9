import { PageTitle } from "../../lib/PageTitle";

// Placeholder: built by its feature's own work.
export function AdminUsersPage() {
  return (
    <section className="page">
      <PageTitle>Admin Users</PageTitle>
    </section>
  );
}
