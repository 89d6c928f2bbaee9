import { PageTitle } from "../../lib/PageTitle";

// Placeholder: built by its feature's own work.
export function SearchPage() {
  return (
    <section className="page">
      <PageTitle>Search</PageTitle>
    </section>
  );
}
