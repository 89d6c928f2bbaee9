import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { AdminUsersPage } from "./AdminUsersPage";
import { ada, admin, renderAt, serve } from "./testSupport";

const list = (users: unknown[]) => [/^GET \/api\/v1\/admin\/users\?limit=50&offset=0$/, { body: { data: users, count: users.length } }] as [RegExp, { body: unknown }];

function form(name: string) {
  return screen.getByRole("heading", { name }).closest("form") as HTMLFormElement;
}

describe("Users page", () => {
  it("lists users with their role, whether they are active and the admin sub-navigation", async () => {
    serve([list([admin, { ...ada, is_active: false }])]);
    renderAt(<AdminUsersPage />);
    const row = await screen.findByRole("row", { name: /ada@example\.com/ });
    expect(within(row).getByText("User")).toBeTruthy();
    expect(within(row).getByText("No")).toBeTruthy();
    const nav = screen.getByRole("navigation", { name: "Admin" });
    expect(within(nav).getAllByRole("link").map((a) => a.textContent)).toEqual(["Users", "Workspaces", "Usage", "Audit"]);
    expect(screen.getByText("1–2 of 2")).toBeTruthy();
  });

  it("pages through users fifty at a time", async () => {
    const calls = serve([
      [/^GET \/api\/v1\/admin\/users\?limit=50&offset=0$/, { body: { data: [admin], count: 120 } }],
      [/^GET \/api\/v1\/admin\/users\?limit=50&offset=100$/, { body: { data: [ada], count: 120 } }],
      [/^GET \/api\/v1\/admin\/users\?limit=50&offset=50$/, { body: { data: [ada], count: 120 } }],
    ]);
    renderAt(<AdminUsersPage />);
    await screen.findByText("1–1 of 120");
    expect((screen.getByRole("button", { name: "Previous" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Next" }));
    await screen.findByText("51–51 of 120");
    fireEvent.click(screen.getByRole("button", { name: "Next" }));
    await screen.findByText("101–101 of 120");
    expect((screen.getByRole("button", { name: "Next" }) as HTMLButtonElement).disabled).toBe(true);
    expect(calls.map((c) => c.path)).toEqual([
      "/api/v1/admin/users?limit=50&offset=0",
      "/api/v1/admin/users?limit=50&offset=50",
      "/api/v1/admin/users?limit=50&offset=100",
    ]);
  });

  it("says no user has that email when the lookup is 404, beside the field", async () => {
    serve([list([admin]), [/by-email\?email=nobody%40example\.com$/, { status: 404, body: { detail: "User not found." } }]]);
    renderAt(<AdminUsersPage />);
    const find = form("Find by email");
    const input = within(find).getByLabelText("Email");
    fireEvent.change(input, { target: { value: " nobody@example.com " } });
    fireEvent.click(within(find).getByRole("button", { name: "Find" }));
    const message = await within(find).findByText("No user has that email.");
    expect(input.getAttribute("aria-describedby")).toBe(message.id);
    expect(input.getAttribute("aria-invalid")).toBe("true");
  });

  it("shows the user found by email and marks their row", async () => {
    serve([list([admin, ada]), [/by-email\?email=ada%40example\.com$/, { body: ada }]]);
    renderAt(<AdminUsersPage />);
    await screen.findByRole("row", { name: /ada@example\.com/ });
    const find = form("Find by email");
    fireEvent.change(within(find).getByLabelText("Email"), { target: { value: "ada@example.com" } });
    fireEvent.click(within(find).getByRole("button", { name: "Find" }));
    await within(find).findByRole("button", { name: "Edit ada@example.com" });
    expect(screen.getByRole("row", { name: /ada@example\.com/ }).className).toBe("highlight");
    expect(screen.getByRole("row", { name: /admin@planck\.local/ }).className).toBe("");
  });

  it("puts a duplicate email's 409 beside Email and each 400 field error beside its field", async () => {
    let attempt = 0;
    const calls = serve([
      list([admin]),
      [
        /^POST \/api\/v1\/admin\/users$/,
        () =>
          ++attempt === 1
            ? { status: 409, body: { detail: "A user with email admin@planck.local already exists." } }
            : { status: 400, body: { detail: "Validation failed.", errors: { password: ["password must be at least 12 characters."], full_name: ["full_name is required."] } } },
      ],
    ]);
    renderAt(<AdminUsersPage />);
    const create = form("Create user");
    fireEvent.change(within(create).getByLabelText("Email"), { target: { value: "admin@planck.local" } });
    fireEvent.change(within(create).getByLabelText("Full name"), { target: { value: "Second" } });
    fireEvent.change(within(create).getByLabelText("Password"), { target: { value: "long enough password" } });
    fireEvent.change(within(create).getByLabelText("Role"), { target: { value: "Admin" } });
    fireEvent.click(within(create).getByRole("button", { name: "Create user" }));
    const conflict = await within(create).findByText("A user with email admin@planck.local already exists.");
    expect(within(create).getByLabelText("Email").getAttribute("aria-describedby")).toBe(conflict.id);
    expect(calls.at(-1)).toEqual({
      method: "POST",
      path: "/api/v1/admin/users",
      body: { email: "admin@planck.local", full_name: "Second", password: "long enough password", role: "Admin" },
    });

    fireEvent.click(within(create).getByRole("button", { name: "Create user" }));
    await within(create).findByText("password must be at least 12 characters.");
    expect(within(create).getByLabelText("Password").getAttribute("aria-describedby")).toContain(
      within(create).getByText("password must be at least 12 characters.").id,
    );
    expect(within(create).getByLabelText("Full name").getAttribute("aria-describedby")).toBe(
      within(create).getByText("full_name is required.").id,
    );
    expect(within(create).queryByText("A user with email admin@planck.local already exists.")).toBeNull();
    expect(within(create).queryByRole("alert")).toBeNull();
  });

  it("shows a refusal no field owns once, near the button", async () => {
    serve([list([admin]), [/^POST \/api\/v1\/admin\/users$/, { status: 403, body: { detail: "Only an Admin can do that." } }]]);
    renderAt(<AdminUsersPage />);
    const create = form("Create user");
    fireEvent.click(within(create).getByRole("button", { name: "Create user" }));
    expect((await within(create).findByRole("alert")).textContent).toBe("Only an Admin can do that.");
  });

  it("creates a user, clears the form and reloads the list", async () => {
    let created = false;
    serve([
      [/^GET \/api\/v1\/admin\/users\?/, () => ({ body: { data: created ? [admin, ada] : [admin], count: created ? 2 : 1 } })],
      [/^POST \/api\/v1\/admin\/users$/, () => ((created = true), { status: 201, body: ada })],
    ]);
    renderAt(<AdminUsersPage />);
    const create = form("Create user");
    fireEvent.change(within(create).getByLabelText("Email"), { target: { value: "ada@example.com" } });
    fireEvent.click(within(create).getByRole("button", { name: "Create user" }));
    await within(create).findByText("Created ada@example.com.");
    expect((within(create).getByLabelText("Email") as HTMLInputElement).value).toBe("");
    expect((await screen.findByRole("row", { name: /ada@example\.com/ })).className).toBe("highlight");
  });

  it("edits name, role and active and shows the saved user", async () => {
    const calls = serve([
      list([admin, ada]),
      [/^PATCH \/api\/v1\/admin\/users\/u-ada$/, ({ body }) => ({ body: { ...ada, ...(body as object) } })],
    ]);
    renderAt(<AdminUsersPage />);
    fireEvent.click(await screen.findByRole("button", { name: "Edit ada@example.com" }));
    const dialog = screen.getByRole("dialog", { name: "Edit user" });
    fireEvent.change(within(dialog).getByLabelText("Full name"), { target: { value: "Ada King" } });
    fireEvent.change(within(dialog).getByLabelText("Role"), { target: { value: "Admin" } });
    fireEvent.click(within(dialog).getByLabelText("Active"));
    fireEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    const row = await screen.findByRole("row", { name: /Ada King/ });
    expect(within(row).getByText("Admin")).toBeTruthy();
    expect(within(row).getByText("No")).toBeTruthy();
    expect(calls.at(-1)?.body).toEqual({ full_name: "Ada King", role: "Admin", is_active: false });
  });

  it("keeps the edit open with the server's reason when the last Admin would be lost", async () => {
    serve([list([admin]), [/^PATCH /, { status: 409, body: { detail: "At least one active Admin must remain." } }]]);
    renderAt(<AdminUsersPage />);
    fireEvent.click(await screen.findByRole("button", { name: "Edit admin@planck.local" }));
    const dialog = screen.getByRole("dialog", { name: "Edit user" });
    fireEvent.change(within(dialog).getByLabelText("Role"), { target: { value: "User" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    expect((await within(dialog).findByRole("alert")).textContent).toBe("At least one active Admin must remain.");
  });

  it("shows an issued key once and forgets it when the dialog closes", async () => {
    const secret = "pk_live_abc_secretsecret";
    const calls = serve([
      list([admin, ada]),
      [
        /^POST \/api\/v1\/admin\/users\/u-ada\/api-keys$/,
        ({ body }) => {
          const { name } = body as { name: string };
          return name
            ? { status: 201, body: { id: "k1", name, prefix: "pk_live_abc", user_id: "u-ada", created_at: "", last_used_at: null, expires_at: null, key: secret } }
            : { status: 400, body: { detail: "Validation failed.", errors: { name: ["name is required."] } } };
        },
      ],
    ]);
    renderAt(<AdminUsersPage />);
    fireEvent.click(await screen.findByRole("button", { name: "Issue API key for ada@example.com" }));
    let dialog = screen.getByRole("dialog", { name: "Issue API key" });
    fireEvent.click(within(dialog).getByRole("button", { name: "Issue API key" }));
    await within(dialog).findByText("name is required.");
    expect(calls.at(-1)?.body).toEqual({ name: "", expires_at: null });

    fireEvent.change(within(dialog).getByLabelText("Name"), { target: { value: "nightly export" } });
    fireEvent.change(within(dialog).getByLabelText("Expires"), { target: { value: "2027-06-30" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Issue API key" }));
    dialog = await screen.findByRole("dialog", { name: "Your new API key" });
    expect((within(dialog).getByLabelText("API key") as HTMLInputElement).value).toBe(secret);
    expect(calls.at(-1)?.body).toEqual({ name: "nightly export", expires_at: "2027-06-30T23:59:59.000Z" });
    expect(screen.queryByRole("dialog", { name: "Issue API key" })).toBeNull();

    fireEvent.click(within(dialog).getByRole("button", { name: "Done" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(document.body.innerHTML).not.toContain(secret);
  });
});
