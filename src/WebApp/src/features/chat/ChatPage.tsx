import { PageTitle } from "../../lib/PageTitle";

// Placeholder: built by its feature's own work.
export function ChatPage() {
  return (
    <section className="page">
      <PageTitle>Chat</PageTitle>
    </section>
  );
}
