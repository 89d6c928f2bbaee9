import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AdminUsagePage } from "./AdminUsagePage";
import { CreditsChart } from "./CreditsChart";
import { fillDays } from "./usage";
import { ada, admin, renderAt, serve } from "./testSupport";

const sales = { id: "w-sales", name: "Sales", description: "", created_at: "2026-12-01T10:00:00Z" };
const report = {
  data: [
    { day: "2026-12-01", answers: 2, credits: 30, input_tokens: 1200, output_tokens: 300 },
    { day: "2026-12-03", answers: 5, credits: 120, input_tokens: 4800, output_tokens: 1200 },
  ],
  count: 2,
  total_credits: 150,
};
const lists = () =>
  [
    [/^GET \/api\/v1\/workspaces\?/, { body: { data: [sales], count: 1 } }],
    [/^GET \/api\/v1\/admin\/users\?/, { body: { data: [admin, ada], count: 2 } }],
  ] as [RegExp, { body: unknown }][];

describe("Usage page", () => {
  beforeEach(() => {
    // Only Date is faked: the page's requests and React's scheduling keep real timers.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-04T21:00:00Z"));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("asks for the last 30 UTC days by default and shows the total, a chart and the table", async () => {
    const calls = serve([...lists(), [/^GET \/api\/v1\/admin\/usage/, { body: report }]]);
    renderAt(<AdminUsagePage />, "/admin/usage");
    const chart = await screen.findByRole("img");
    expect(calls.find((c) => c.path.startsWith("/api/v1/admin/usage"))?.path).toBe("/api/v1/admin/usage?from=2026-11-05&to=2026-12-04");
    expect(chart.getAttribute("aria-label")).toBe(
      "Credits by day from 2026-11-05 to 2026-12-04: 150 credits in all, used on 2 of 30 days; the most was 120 on 2026-12-03.",
    );
    expect(chart.querySelectorAll("rect")).toHaveLength(30);
    expect(screen.getByRole("status").textContent).toBe("Total credits: 150");
    const table = screen.getByRole("table", { name: "Usage by day" });
    const rows = within(table).getAllByRole("row");
    expect(rows).toHaveLength(4);
    expect(within(rows[3]!).getAllByRole("cell").map((c) => c.textContent)).toEqual(["7", "150", "6,000", "1,500"]);
  });

  it("narrows to the chosen user, workspace and days", async () => {
    const calls = serve([...lists(), [/^GET \/api\/v1\/admin\/usage/, { body: report }]]);
    renderAt(<AdminUsagePage />, "/admin/usage");
    const user = screen.getByLabelText("User");
    await waitFor(() => expect(within(user).getAllByRole("option")).toHaveLength(3));
    fireEvent.change(user, { target: { value: "u-ada" } });
    const workspace = screen.getByLabelText("Workspace");
    await waitFor(() => expect(within(workspace).getAllByRole("option")).toHaveLength(2));
    fireEvent.change(workspace, { target: { value: "w-sales" } });
    fireEvent.change(screen.getByLabelText("From"), { target: { value: "2026-12-01" } });
    await waitFor(() =>
      expect(calls.at(-1)?.path).toBe("/api/v1/admin/usage?user_id=u-ada&workspace_id=w-sales&from=2026-12-01&to=2026-12-04"),
    );
    await waitFor(() => expect(screen.getByRole("img").querySelectorAll("rect")).toHaveLength(4));

    fireEvent.click(screen.getByRole("button", { name: "Last 30 days" }));
    await waitFor(() => expect(calls.at(-1)?.path).toBe("/api/v1/admin/usage?user_id=u-ada&workspace_id=w-sales&from=2026-11-05&to=2026-12-04"));
  });

  it("puts a date refusal beside From and hides the stale numbers", async () => {
    serve([
      ...lists(),
      [/^GET \/api\/v1\/admin\/usage\?from=2026-11-05/, { body: report }],
      [/^GET \/api\/v1\/admin\/usage\?from=2026-12-10/, { status: 400, body: { detail: "Validation failed.", errors: { from: ["from (2026-12-10) must not be after to (2026-12-04)."] } } }],
    ]);
    renderAt(<AdminUsagePage />, "/admin/usage");
    await screen.findByRole("img");
    const from = screen.getByLabelText("From");
    fireEvent.change(from, { target: { value: "2026-12-10" } });
    const message = await screen.findByText("from (2026-12-10) must not be after to (2026-12-04).");
    expect(from.getAttribute("aria-describedby")).toContain(message.id);
    expect(screen.queryByRole("img")).toBeNull();
    expect(screen.queryByRole("table")).toBeNull();
    expect(screen.getByText("Correct the filters above to see usage.")).toBeTruthy();
  });

  it("offers Retry when the server cannot be reached", async () => {
    serve([...lists()]);
    vi.stubGlobal("fetch", vi.fn(() => Promise.reject(new TypeError("Failed to fetch"))));
    renderAt(<AdminUsagePage />, "/admin/usage");
    const alerts = await screen.findAllByRole("alert");
    expect(alerts.some((a) => within(a).queryByRole("button", { name: "Retry" }))).toBe(true);
  });

  it("says when the range has no usage", async () => {
    serve([...lists(), [/^GET \/api\/v1\/admin\/usage/, { body: { data: [], count: 0, total_credits: 0 } }]]);
    renderAt(<AdminUsagePage />, "/admin/usage");
    expect(await screen.findByText("No usage in this range.")).toBeTruthy();
    expect(screen.getByRole("img").getAttribute("aria-label")).toBe("Credits by day from 2026-11-05 to 2026-12-04: no credits were used.");
  });
});

describe("CreditsChart", () => {
  it("draws one bar per day, as tall as its share of the axis, with a tooltip", () => {
    const days = fillDays(report.data, "2026-12-01", "2026-12-04")!;
    render(<CreditsChart days={days} total={150} />);
    const bars = [...screen.getByRole("img").querySelectorAll("rect")];
    const heights = bars.map((b) => Number(b.getAttribute("height")));
    // Axis 0–200 over 182 units of plot height (220 less the margins).
    expect(heights).toEqual([27.3, 0, 109.2, 0]);
    expect(bars[2]!.querySelector("title")?.textContent).toMatch(/: 120 credits$/);
    expect([...screen.getByRole("img").querySelectorAll("text")].map((t) => t.textContent)).toContain("200");
  });
});
