import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeServer } from "../workspaces/testing";
import { ChangePasswordSection, PASSWORDS_DIFFER } from "./ChangePasswordSection";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function fill(current: string, next: string, confirm: string) {
  fireEvent.change(screen.getByLabelText("Current password"), { target: { value: current } });
  fireEvent.change(screen.getByLabelText("New password"), { target: { value: next } });
  fireEvent.change(screen.getByLabelText("Confirm new password"), { target: { value: confirm } });
  fireEvent.click(screen.getByRole("button", { name: "Change password" }));
}

describe("Change password", () => {
  it("refuses a confirmation that differs beside that field, without asking the server", () => {
    const server = fakeServer([]);
    render(<ChangePasswordSection email="a@example.com" />);
    fill("old password 1", "new password 12", "new password 13");
    const message = screen.getByText(PASSWORDS_DIFFER);
    expect(screen.getByLabelText("Confirm new password").getAttribute("aria-describedby")).toBe(message.id);
    expect(server.requests).toHaveLength(0);
  });

  it("sends only the current and new password and confirms the change", async () => {
    const server = fakeServer([{ method: "POST", path: "/api/v1/users/me/password", status: 204 }]);
    render(<ChangePasswordSection email="a@example.com" />);
    fill("old password 1", "new password 12", "new password 12");
    expect(await screen.findByText(/Your password was changed/)).toBeTruthy();
    expect(server.requests[0]?.body).toEqual({ current_password: "old password 1", new_password: "new password 12" });
    expect((screen.getByLabelText("New password") as HTMLInputElement).value).toBe("");
  });

  it("shows the server's refusal of the current password beside it", async () => {
    fakeServer([
      {
        method: "POST",
        path: "/api/v1/users/me/password",
        status: 400,
        body: { detail: "One or more fields are invalid.", errors: { current_password: ["current_password is incorrect."] } },
      },
    ]);
    render(<ChangePasswordSection email="a@example.com" />);
    fill("wrong", "new password 12", "new password 12");
    const message = await screen.findByText("current_password is incorrect.");
    expect(screen.getByLabelText("Current password").getAttribute("aria-describedby")).toBe(message.id);
    expect(screen.getByLabelText("Current password").getAttribute("aria-invalid")).toBe("true");
  });
});
