import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import type { TableBlock } from "../api/types";
import { TableBlockView } from "./TableBlockView";
import { cellText, columnKind, sortRows } from "./tableData";

afterEach(cleanup);

describe("sortRows", () => {
  it("sorts numbers as numbers, not as text", () => {
    const rows = [[10], [9], [100], [-2.5]];
    expect(sortRows(rows, 0, "number", "ascending")).toEqual([[-2.5], [9], [10], [100]]);
    expect(sortRows(rows, 0, "number", "descending")).toEqual([[100], [10], [9], [-2.5]]);
  });

  it("sorts numbers sent as text numerically too", () => {
    expect(sortRows([["1,200"], ["30"], ["4"]], 0, "number", "ascending")).toEqual([["4"], ["30"], ["1,200"]]);
  });

  it("sorts strings alphabetically without regard to case", () => {
    expect(sortRows([["banana"], ["Apple"], ["cherry"]], 0, "string", "ascending")).toEqual([["Apple"], ["banana"], ["cherry"]]);
  });

  it("sorts dates by time", () => {
    const rows = [["2024-03-01"], ["2023-12-31"], ["2024-01-15T10:00:00Z"]];
    expect(sortRows(rows, 0, "date", "ascending")).toEqual([["2023-12-31"], ["2024-01-15T10:00:00Z"], ["2024-03-01"]]);
  });

  it("puts empty cells last in both directions and keeps equal rows in order", () => {
    const rows = [[null, "a"], [2, "b"], [1, "c"], [2, "d"]];
    expect(sortRows(rows, 0, "number", "ascending").map((r) => r[1])).toEqual(["c", "b", "d", "a"]);
    expect(sortRows(rows, 0, "number", "descending").map((r) => r[1])).toEqual(["b", "d", "c", "a"]);
  });
});

describe("cellText and columnKind", () => {
  it("maps database type names to the four kinds", () => {
    expect(["integer", "DECIMAL(10,2)", "bool", "timestamp", "varchar"].map(columnKind)).toEqual([
      "number",
      "number",
      "boolean",
      "date",
      "string",
    ]);
  });

  it("shows booleans as Yes and No and empty cells as nothing", () => {
    expect(cellText(true, "boolean")).toBe("Yes");
    expect(cellText(false, "boolean")).toBe("No");
    expect(cellText(null, "number")).toBe("");
  });

  it("formats a number with grouping and a date-only value without shifting its day", () => {
    expect(cellText(1234567.5, "number")).toBe(new Intl.NumberFormat(undefined, { maximumFractionDigits: 6 }).format(1234567.5));
    expect(cellText("2024-01-01", "date")).toBe(new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" }).format(Date.UTC(2024, 0, 1)));
  });
});

const table: TableBlock = {
  type: "table",
  title: "Sales",
  columns: [
    { name: "Region", type: "string" },
    { name: "Units", type: "number" },
  ],
  rows: [
    ["North", 100],
    ["east", 9],
    ["South", 25],
  ],
  truncated: true,
};

function column(index: number): string[] {
  return screen
    .getAllByRole("row")
    .slice(1)
    .map((row) => within(row).getAllByRole("cell")[index]?.textContent ?? "");
}

describe("TableBlockView", () => {
  it("sorts by a column when its header button is pressed, the other way when pressed again", () => {
    render(<TableBlockView block={table} />);
    const units = screen.getByRole("button", { name: /Units/ });
    expect(units.closest("th")?.getAttribute("aria-sort")).toBe("none");

    fireEvent.click(units);
    expect(column(1)).toEqual(["9", "25", "100"]);
    expect(units.closest("th")?.getAttribute("aria-sort")).toBe("ascending");

    fireEvent.click(units);
    expect(column(1)).toEqual(["100", "25", "9"]);
    expect(units.closest("th")?.getAttribute("aria-sort")).toBe("descending");

    fireEvent.click(screen.getByRole("button", { name: /Region/ }));
    expect(column(0)).toEqual(["east", "North", "South"]);
    expect(units.closest("th")?.getAttribute("aria-sort")).toBe("none");
  });

  it("right-aligns number columns, shows its title as caption and says when rows were cut", () => {
    render(<TableBlockView block={table} />);
    expect(screen.getByRole("table").querySelector("caption")?.textContent).toBe("Sales");
    expect(screen.getAllByRole("cell")[1]?.className).toContain("cell-number");
    expect(screen.getByText("Showing the first 3 rows: the result has more.")).toBeTruthy();
    expect(screen.getByRole("table").closest(".table-scroll")).not.toBeNull();
  });
});
