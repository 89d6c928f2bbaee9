import { PageTitle } from "../../lib/PageTitle";

// Placeholder: built by its feature's own work.
export function DocumentsPage() {
  return (
    <section className="page">
      <PageTitle>Documents</PageTitle>
    </section>
  );
}
