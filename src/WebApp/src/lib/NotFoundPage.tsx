import { Link } from "react-router";
import { PageTitle } from "./PageTitle";

export function NotFoundPage() {
  return (
    <section className="page">
      <PageTitle>Page not found</PageTitle>
      <p>
        There is nothing at this address. Go back to <Link to="/workspaces">your workspaces</Link>.
      </p>
    </section>
  );
}
