import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../../api/types";
import { AdminAuditPage } from "./AdminAuditPage";
import { ada, admin, renderAt, serve } from "./testSupport";

const entry = (id: string, action: string, details: AuditEntry["details"] = null): AuditEntry => ({
  id,
  at: "2026-12-07T10:15:30Z",
  actor: { user_id: admin.id, display: admin.email, address: "203.0.113.7" },
  action,
  workspace_id: null,
  target: { type: "user", id: ada.id },
  details,
});

const pickers: [RegExp, { body: unknown }][] = [
  [/^GET \/api\/v1\/admin\/users\?limit=200&offset=0$/, { body: { data: [admin, ada], count: 2 } }],
  [/^GET \/api\/v1\/workspaces\?limit=200&offset=0$/, { body: { data: [], count: 0 } }],
  [/^GET \/api\/v1\/admin\/server$/, { body: { metrics: { enabled: false, path: null } } }],
];

const auditCalls = (calls: { path: string }[]) => calls.map((c) => c.path).filter((p) => p.startsWith("/api/v1/admin/audit"));

describe("Audit page", () => {
  it("shows entries with their actor, address and details as text, never as markup", async () => {
    serve([
      ...pickers,
      [/^GET \/api\/v1\/admin\/audit\?limit=50&offset=0$/, { body: { data: [entry("e1", "user.updated", { full_name: "<img src=x onerror=alert(1)>" })], count: 1 } }],
    ]);
    const { container } = renderAt(<AdminAuditPage />, "/admin/audit");
    const row = await screen.findByRole("row", { name: /user\.updated/ });
    expect(within(row).getByText("admin@planck.local")).toBeTruthy();
    expect(within(row).getByText("203.0.113.7")).toBeTruthy();
    expect(within(row).getByText("<img src=x onerror=alert(1)>")).toBeTruthy();
    expect(container.querySelector("img")).toBeNull();
    expect(screen.getByText("1–1 of 1")).toBeTruthy();
    expect(screen.getByRole("complementary", { name: "Metrics" }).textContent).toMatch(/off on this server/);
  });

  it("names the user a detail's user_id is, beside the id", async () => {
    serve([...pickers, [/^GET \/api\/v1\/admin\/audit\?limit=50&offset=0$/, { body: { data: [entry("e1", "key.created", { user_id: ada.id })], count: 1 } }]]);
    renderAt(<AdminAuditPage />, "/admin/audit");
    const row = await screen.findByRole("row", { name: /key\.created/ });
    const email = await within(row).findByText(ada.email);
    expect(email.closest("dd")?.textContent).toBe(`${ada.id}${ada.email}`);
  });

  it("pages fifty at a time, and a new filter goes back to the first page", async () => {
    const calls = serve([
      ...pickers,
      [/^GET \/api\/v1\/admin\/audit\?limit=50&offset=0$/, { body: { data: [entry("e1", "key.created")], count: 120 } }],
      [/^GET \/api\/v1\/admin\/audit\?limit=50&offset=50$/, { body: { data: [entry("e2", "key.revoked")], count: 120 } }],
      [/^GET \/api\/v1\/admin\/audit\?actor_id=u-ada&action=key&limit=50&offset=0$/, { body: { data: [], count: 0 } }],
      [/^GET \/api\/v1\/admin\/audit\?actor_id=u-ada&limit=50&offset=0$/, { body: { data: [entry("e3", "key.created")], count: 1 } }],
    ]);
    renderAt(<AdminAuditPage />, "/admin/audit");
    await screen.findByText("1–1 of 120");
    expect((screen.getByRole("button", { name: "Previous" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Next" }));
    await screen.findByText("51–51 of 120");
    await screen.findByRole("option", { name: /Ada Lovelace/ });
    fireEvent.change(screen.getByLabelText("Actor"), { target: { value: ada.id } });
    await screen.findByText("1–1 of 1");
    fireEvent.change(screen.getByLabelText("Action"), { target: { value: "key" } });
    await screen.findByText("No entries match these filters.");
    expect(auditCalls(calls)).toEqual([
      "/api/v1/admin/audit?limit=50&offset=0",
      "/api/v1/admin/audit?limit=50&offset=50",
      "/api/v1/admin/audit?actor_id=u-ada&limit=50&offset=0",
      "/api/v1/admin/audit?actor_id=u-ada&action=key&limit=50&offset=0",
    ]);
  });

  it("puts a refused filter's message beside its field, and any other failure in an alert with Retry", async () => {
    serve([
      ...pickers,
      [/^GET \/api\/v1\/admin\/audit\?limit=50&offset=0$/, { status: 503, body: { detail: "The database is not answering." } }],
      [/^GET \/api\/v1\/admin\/audit\?from=/, { status: 400, body: { detail: "Invalid", errors: { from: ["from must be an ISO 8601 time with a date."] } } }],
    ]);
    renderAt(<AdminAuditPage />, "/admin/audit");
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("The database is not answering.");
    expect(within(alert).getByRole("button", { name: "Retry" })).toBeTruthy();
    fireEvent.change(screen.getByLabelText("From"), { target: { value: "2026-12-07T09:30" } });
    const message = await screen.findByText("from must be an ISO 8601 time with a date.");
    expect(screen.getByLabelText("From").getAttribute("aria-describedby")).toContain(message.id);
    expect(screen.getByText("Correct the filters above to see the audit trail.")).toBeTruthy();
  });

  it("links to the metrics when the server serves them, saying only the configured addresses may read them", async () => {
    serve([
      ...pickers.slice(0, 2),
      [/^GET \/api\/v1\/admin\/server$/, { body: { metrics: { enabled: true, path: "/metrics" } } }],
      [/^GET \/api\/v1\/admin\/audit\?limit=50&offset=0$/, { body: { data: [], count: 0 } }],
    ]);
    renderAt(<AdminAuditPage />, "/admin/audit");
    const link = await screen.findByRole("link", { name: "Metrics" });
    expect(link.getAttribute("href")).toBe("/metrics");
    expect(screen.getByRole("complementary", { name: "Metrics" }).textContent).toContain("MetricsAllowedFrom");
    expect(await screen.findByText("The audit trail is empty.")).toBeTruthy();
  });
});
