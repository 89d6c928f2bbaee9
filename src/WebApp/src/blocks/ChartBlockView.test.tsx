import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { chartLabel, findUrl, fitToWidth, inlineData, withoutRepeatedTitle } from "./chartSpec";

const embed = vi.fn();
vi.mock("vega-embed", () => ({ default: embed }));

afterEach(cleanup);

describe("findUrl", () => {
  it("finds a url wherever the spec holds one", () => {
    expect(findUrl({ data: { url: "https://evil.example/data.csv" }, mark: "bar" })).toBe("spec.data.url");
    expect(findUrl({ layer: [{ mark: "line" }, { data: { values: [] }, transform: [{ lookup: "a", from: { data: { URL: "x" } } }] }] })).toBe(
      "spec.layer[1].transform[0].from.data.URL",
    );
    expect(findUrl({ data: { values: [{ url: 1 }] } })).toBe("spec.data.values[0].url");
  });

  it("passes a spec with only inline data", () => {
    expect(findUrl({ data: { values: [{ a: 1 }] }, mark: "bar", encoding: { x: { field: "a" } } })).toBeNull();
  });
});

describe("inlineData and chartLabel", () => {
  it("reads inline values from the top, datasets or layers", () => {
    expect(inlineData({ data: { values: [{ a: 1 }] } })).toEqual([{ a: 1 }]);
    expect(inlineData({ datasets: { d: [{ b: 2 }] } })).toEqual([{ b: 2 }]);
    expect(inlineData({ layer: [{ mark: "bar" }, { data: { values: [{ c: 3 }] } }] })).toEqual([{ c: 3 }]);
    expect(inlineData({ mark: "bar" })).toBeNull();
  });

  it("names the chart by block title, spec title, then description", () => {
    expect(chartLabel({ title: "Spec" }, "Block")).toBe("Block");
    expect(chartLabel({ title: { text: "Spec" } }, null)).toBe("Spec");
    expect(chartLabel({ description: "Units by region" }, null)).toBe("Units by region");
    expect(chartLabel({}, null)).toBe("Chart");
  });
});

describe("withoutRepeatedTitle", () => {
  it("leaves out of the drawing a title the caption already shows, and keeps any other", () => {
    const spec = { title: { text: "Orders per customer" }, mark: "bar" };
    expect(withoutRepeatedTitle(spec, "Orders per customer")).toEqual({ mark: "bar" });
    expect(withoutRepeatedTitle(spec, "Something else")).toBe(spec);
    expect(withoutRepeatedTitle(spec, null)).toBe(spec);
  });
});

describe("fitToWidth", () => {
  it("makes a single view without a width fill its container, and leaves every other spec as it is", () => {
    expect(fitToWidth({ mark: "bar" })).toEqual({ mark: "bar", width: "container" });
    const sized = { mark: "bar", width: 300 };
    expect(fitToWidth(sized)).toBe(sized);
    const concatenated = { hconcat: [{ mark: "bar" }] };
    expect(fitToWidth(concatenated)).toBe(concatenated);
  });
});

describe("ChartBlockView", () => {
  it("refuses a spec with a url without loading Vega", async () => {
    const { ChartBlockView } = await import("./ChartBlockView");
    render(<ChartBlockView block={{ type: "chart", spec: { data: { url: "https://evil.example/x.json" }, mark: "bar" } }} />);
    expect(screen.getByRole("alert").textContent).toMatch(/not drawn.*load data from an address/);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(embed).not.toHaveBeenCalled();
  });

  it("draws with the expression interpreter, no actions, SVG, and offers its data as a table", async () => {
    embed.mockResolvedValue({ finalize: vi.fn() });
    const { ChartBlockView } = await import("./ChartBlockView");
    const spec = { title: "Units", data: { values: [{ region: "North", units: 3 }] }, mark: "bar" };
    render(<ChartBlockView block={{ type: "chart", spec }} />);
    await vi.waitFor(() => expect(embed).toHaveBeenCalledTimes(1));
    const options = embed.mock.calls[0]?.[2] as Record<string, unknown>;
    expect(options).toMatchObject({ ast: true, actions: false, renderer: "svg" });
    expect(options.expr).toBe((await import("vega-interpreter")).expressionInterpreter);
    expect(screen.getByRole("img", { name: "Units" })).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "View data" }));
    expect(screen.getByRole("cell", { name: "North" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Hide data" }).getAttribute("aria-expanded")).toBe("true");
  });

  it("shows a readable message when Vega cannot draw the spec", async () => {
    embed.mockRejectedValue(new Error('Invalid specification: "mark" is missing'));
    const { ChartBlockView } = await import("./ChartBlockView");
    render(<ChartBlockView block={{ type: "chart", spec: { data: { values: [] } } }} />);
    expect((await screen.findByRole("alert")).textContent).toContain('This chart could not be drawn: Invalid specification: "mark" is missing');
  });
});
