import { PageTitle } from "../../lib/PageTitle";

// Placeholder: built by its feature's own work.
export function SettingsPage() {
  return (
    <section className="page">
      <PageTitle>Settings</PageTitle>
    </section>
  );
}
