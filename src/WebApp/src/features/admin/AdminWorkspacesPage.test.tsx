import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { User } from "../../api/types";
import { AdminWorkspacesPage } from "./AdminWorkspacesPage";
import { ada, admin, renderAt, serve } from "./testSupport";

const sales = { id: "w-sales", name: "Sales", description: "EU shop", created_at: "2026-12-01T10:00:00Z" };
const hr = { id: "w-hr", name: "HR", description: null, created_at: "2026-12-02T10:00:00Z" };
const grace = { ...ada, id: "u-grace", email: "grace@example.com", full_name: "Grace Hopper" };
const gone = { ...ada, id: "u-gone", email: "gone@example.com", full_name: "", is_active: false };
const member = (u: User) => ({ user_id: u.id, email: u.email, full_name: u.full_name, role: u.role, is_active: u.is_active, added_at: "2026-12-03T10:00:00Z" });

const base = () =>
  [
    [/^GET \/api\/v1\/workspaces\?limit=200&offset=0$/, { body: { data: [sales, hr], count: 2 } }],
    [/^GET \/api\/v1\/admin\/users\?limit=200&offset=0$/, { body: { data: [admin, ada, grace, gone], count: 4 } }],
  ] as [RegExp, { body: unknown }][];

describe("Manage workspaces page", () => {
  it("lists every workspace under its title", async () => {
    serve(base());
    renderAt(<AdminWorkspacesPage />, "/admin/workspaces");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Manage workspaces");
    const row = await screen.findByRole("row", { name: /HR/ });
    expect(within(row).getByText("—")).toBeTruthy();
    expect(screen.getByRole("row", { name: /Sales/ })).toBeTruthy();
  });

  it("re-indexes every workspace's documents after asking", async () => {
    const calls = serve([...base(), [/^POST \/api\/v1\/admin\/reindex$/, { status: 202, body: { queued: 12 } }]]);
    renderAt(<AdminWorkspacesPage />, "/admin/workspaces");
    await screen.findByRole("row", { name: /Sales/ });
    fireEvent.click(screen.getByRole("button", { name: "Re-index all documents" }));
    const dialog = screen.getByRole("dialog", { name: "Re-index documents" });
    expect(dialog.textContent).toContain("all workspaces");
    fireEvent.click(within(dialog).getByRole("button", { name: "Re-index" }));
    expect(await screen.findByText("12 documents queued")).toBeTruthy();
    expect(calls.filter((c) => c.method === "POST").map((c) => [c.path, c.body])).toEqual([["/api/v1/admin/reindex", {}]]);
  });

  it("creates a workspace, shows name errors beside Name and opens its members", async () => {
    const created = { id: "w-new", name: "Legal", description: "Contracts", created_at: "2026-12-04T10:00:00Z" };
    const calls = serve([
      ...base(),
      [
        /^POST \/api\/v1\/admin\/workspaces$/,
        ({ body }) =>
          (body as { name: string }).name
            ? { status: 201, body: created }
            : { status: 400, body: { detail: "Validation failed.", errors: { name: ["name is required."] } } },
      ],
      [/^GET \/api\/v1\/admin\/workspaces\/w-new\/members/, { body: { data: [], count: 0 } }],
    ]);
    renderAt(<AdminWorkspacesPage />, "/admin/workspaces");
    const region = screen.getByRole("region", { name: "Create workspace" });
    fireEvent.click(within(region).getByRole("button", { name: "Create workspace" }));
    const error = await within(region).findByText("name is required.");
    expect(within(region).getByLabelText("Name").getAttribute("aria-describedby")).toBe(error.id);

    fireEvent.change(within(region).getByLabelText("Name"), { target: { value: "Legal" } });
    fireEvent.change(within(region).getByLabelText("Description"), { target: { value: "Contracts" } });
    fireEvent.click(within(region).getByRole("button", { name: "Create workspace" }));
    await screen.findByRole("row", { name: /Legal/ });
    expect(calls.find((c) => c.method === "POST" && (c.body as { name: string }).name)?.body).toEqual({ name: "Legal", description: "Contracts" });
    expect(await screen.findByRole("region", { name: "Members of Legal" })).toBeTruthy();
    expect(await screen.findByText("No members yet.")).toBeTruthy();
  });

  it("edits a workspace and sends an emptied description as empty, which clears it", async () => {
    const calls = serve([...base(), [/^PATCH \/api\/v1\/admin\/workspaces\/w-sales$/, ({ body }) => ({ body: { ...sales, ...(body as object) } })]]);
    renderAt(<AdminWorkspacesPage />, "/admin/workspaces");
    fireEvent.click(await screen.findByRole("button", { name: "Edit Sales" }));
    const dialog = screen.getByRole("dialog", { name: "Edit workspace" });
    fireEvent.change(within(dialog).getByLabelText("Name"), { target: { value: "Sales EU" } });
    fireEvent.change(within(dialog).getByLabelText("Description"), { target: { value: "  " } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    await screen.findByRole("row", { name: /Sales EU/ });
    expect(calls.at(-1)?.body).toEqual({ name: "Sales EU", description: "" });
  });

  it("deletes a workspace only after confirming", async () => {
    const calls = serve([...base(), [/^DELETE \/api\/v1\/admin\/workspaces\/w-hr$/, { status: 204 }]]);
    renderAt(<AdminWorkspacesPage />, "/admin/workspaces");
    fireEvent.click(await screen.findByRole("button", { name: "Delete HR" }));
    const dialog = screen.getByRole("dialog", { name: "Delete workspace" });
    fireEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(calls.some((c) => c.method === "DELETE")).toBe(false);
    fireEvent.click(screen.getByRole("button", { name: "Delete HR" }));
    fireEvent.click(within(screen.getByRole("dialog", { name: "Delete workspace" })).getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(screen.queryByRole("row", { name: /HR/ })).toBeNull());
    expect(screen.getByText("Deleted HR.")).toBeTruthy();
  });

  it("shows a delete refusal inside the confirmation", async () => {
    serve([...base(), [/^DELETE /, { status: 409, body: { detail: "The workspace is busy; try again." } }]]);
    renderAt(<AdminWorkspacesPage />, "/admin/workspaces");
    fireEvent.click(await screen.findByRole("button", { name: "Delete HR" }));
    const dialog = screen.getByRole("dialog", { name: "Delete workspace" });
    fireEvent.click(within(dialog).getByRole("button", { name: "Delete" }));
    expect((await within(dialog).findByRole("alert")).textContent).toBe("The workspace is busy; try again.");
  });

  it("drops a workspace someone else deleted already (404) from the list instead of showing an error", async () => {
    serve([...base(), [/^DELETE /, { status: 404, body: { detail: "Workspace not found." } }]]);
    renderAt(<AdminWorkspacesPage />, "/admin/workspaces");
    fireEvent.click(await screen.findByRole("button", { name: "Delete HR" }));
    const dialog = screen.getByRole("dialog", { name: "Delete workspace" });
    fireEvent.click(within(dialog).getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(screen.queryByRole("button", { name: "Delete HR" })).toBeNull());
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("offers only active users who are not members yet, adds one and removes one after confirming", async () => {
    let members = [member(admin)];
    const calls = serve([
      ...base(),
      [/^GET \/api\/v1\/admin\/workspaces\/w-sales\/members\?/, () => ({ body: { data: members, count: members.length } })],
      [
        /^POST \/api\/v1\/admin\/workspaces\/w-sales\/members$/,
        () => {
          members = [...members, member(grace)];
          return { body: { data: members, count: members.length } };
        },
      ],
      [/^DELETE \/api\/v1\/admin\/workspaces\/w-sales\/members\/u-admin$/, { status: 204 }],
    ]);
    renderAt(<AdminWorkspacesPage />, "/admin/workspaces");
    fireEvent.click(await screen.findByRole("button", { name: "Members of Sales" }));
    const panel = await screen.findByRole("region", { name: "Members of Sales" });
    expect(document.activeElement).toBe(within(panel).getByRole("heading", { name: "Members of Sales" }));
    await within(panel).findByRole("row", { name: /admin@planck\.local/ });
    const select = within(panel).getByLabelText("Add a user");
    await waitFor(() =>
      expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual([
        "Choose a user…",
        "Ada Lovelace (ada@example.com)",
        "Grace Hopper (grace@example.com)",
      ]),
    );

    fireEvent.change(select, { target: { value: "u-grace" } });
    fireEvent.click(within(panel).getByRole("button", { name: "Add member" }));
    await within(panel).findByRole("row", { name: /grace@example\.com/ });
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ user_ids: ["u-grace"] });
    expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual(["Choose a user…", "Ada Lovelace (ada@example.com)"]);

    fireEvent.click(within(panel).getByRole("button", { name: "Remove admin@planck.local" }));
    fireEvent.click(within(screen.getByRole("dialog", { name: "Remove member" })).getByRole("button", { name: "Remove" }));
    await waitFor(() => expect(within(panel).queryByRole("row", { name: /admin@planck\.local/ })).toBeNull());
    expect(calls.at(-1)).toMatchObject({ method: "DELETE", path: "/api/v1/admin/workspaces/w-sales/members/u-admin" });
  });

  it("shows an add refusal beside the user picker", async () => {
    serve([
      ...base(),
      [/^GET \/api\/v1\/admin\/workspaces\/w-hr\/members\?/, { body: { data: [], count: 0 } }],
      [/^POST /, { status: 400, body: { detail: "Validation failed.", errors: { user_ids: ["Inactive users cannot be added to a workspace: u-ada."] } } }],
    ]);
    renderAt(<AdminWorkspacesPage />, "/admin/workspaces");
    fireEvent.click(await screen.findByRole("button", { name: "Members of HR" }));
    const panel = await screen.findByRole("region", { name: "Members of HR" });
    const select = within(panel).getByLabelText("Add a user");
    await waitFor(() => expect(within(select).getAllByRole("option")).toHaveLength(4));
    fireEvent.change(select, { target: { value: "u-ada" } });
    fireEvent.click(within(panel).getByRole("button", { name: "Add member" }));
    const message = await within(panel).findByText("Inactive users cannot be added to a workspace: u-ada.");
    expect(select.getAttribute("aria-describedby")).toBe(message.id);
  });
});
