import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { ErrorBoundary } from "./ErrorBoundary";

let shouldThrow = true;
function Fragile() {
  if (shouldThrow) throw new Error("render failed: secret stack detail");
  return <p>Recovered content</p>;
}

function Sibling() {
  const [clicks, setClicks] = useState(0);
  return <button onClick={() => setClicks(clicks + 1)}>Clicked {clicks}</button>;
}

describe("ErrorBoundary", () => {
  afterEach(() => {
    cleanup();
    shouldThrow = true;
    vi.restoreAllMocks();
  });

  it("shows a readable notice instead of a blank page, never the error's text, and keeps the rest of the app", () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    render(
      <>
        <Sibling />
        <ErrorBoundary what="this answer">
          <Fragile />
        </ErrorBoundary>
      </>,
    );
    expect(screen.getByRole("alert").textContent).toContain("Something went wrong while showing this answer");
    expect(document.body.textContent).not.toContain("secret stack detail");
    fireEvent.click(screen.getByRole("button", { name: "Clicked 0" }));
    expect(screen.getByRole("button", { name: "Clicked 1" })).toBeTruthy();
  });

  it("renders its children again after Try again once the cause is gone", () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    render(
      <ErrorBoundary>
        <Fragile />
      </ErrorBoundary>,
    );
    shouldThrow = false;
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(screen.getByText("Recovered content")).toBeTruthy();
  });
});

describe("ErrorBoundary with a reset key", () => {
  afterEach(() => {
    cleanup();
    shouldThrow = true;
    vi.restoreAllMocks();
  });

  it("recovers when the key changes (the person navigated) without remounting children that did not fail", () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const { rerender } = render(
      <ErrorBoundary resetKey="/a">
        <Fragile />
      </ErrorBoundary>,
    );
    expect(screen.getByRole("alert")).toBeTruthy();
    shouldThrow = false;
    rerender(
      <ErrorBoundary resetKey="/b">
        <Fragile />
      </ErrorBoundary>,
    );
    expect(screen.getByText("Recovered content")).toBeTruthy();
  });
});
