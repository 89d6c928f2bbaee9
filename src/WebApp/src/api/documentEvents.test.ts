import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeDocument, FakeEventSource } from "../features/workspaces/testing";
import { FAILURES_BEFORE_FALLBACK, reconnectDelay, watchDocuments, type DocumentStreamState } from "./documentEvents";
import type { PlanckDocument } from "./types";

function watch() {
  const received: PlanckDocument[] = [];
  const states: DocumentStreamState[] = [];
  let opens = 0;
  const stop = watchDocuments("w1", {
    onDocument: (d) => received.push(d),
    onOpen: () => opens++,
    onStateChange: (s) => states.push(s),
  });
  return { received, states, opens: () => opens, stop };
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeEventSource.install();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("watchDocuments", () => {
  it("opens the workspace's stream with the cookie and passes on its document events, only for that workspace", () => {
    const { received, states, opens } = watch();
    const source = FakeEventSource.latest;
    expect(source.url).toBe("/api/v1/documents/events?workspace_id=w1");
    expect(source.init?.withCredentials).toBe(true);
    source.open();
    source.send("document", fakeDocument("d1", "processing"));
    source.send("document", fakeDocument("d2", "ready", { workspace_id: "elsewhere" }));
    source.dispatchEvent(new MessageEvent("document", { data: "not json" }));
    expect(received.map((d) => d.id)).toEqual(["d1"]);
    expect(states).toEqual(["connecting", "live"]);
    expect(opens()).toBe(1);
  });

  it("reconnects after an error with a growing delay, and falls back after several failures until a stream opens", async () => {
    const { states } = watch();
    for (let failure = 1; failure <= FAILURES_BEFORE_FALLBACK; failure++) {
      const failing = FakeEventSource.latest;
      failing.fail();
      expect(failing.closed).toBe(true);
      await vi.advanceTimersByTimeAsync(reconnectDelay(failure) - 1);
      expect(FakeEventSource.instances).toHaveLength(failure);
      await vi.advanceTimersByTimeAsync(1);
      expect(FakeEventSource.instances).toHaveLength(failure + 1);
    }
    expect(states.at(-1)).toBe("fallback");
    FakeEventSource.latest.open();
    expect(states.at(-1)).toBe("live");
  });

  it("stops for good when closed: the open stream closes and a pending reconnect never happens", async () => {
    const { stop } = watch();
    FakeEventSource.latest.fail();
    stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeEventSource.instances).toHaveLength(1);
    watch().stop();
    expect(FakeEventSource.latest.closed).toBe(true);
  });

  it("waits 1, 2, 4 … seconds, never more than 30", () => {
    expect([1, 2, 3, 4, 10].map(reconnectDelay)).toEqual([1000, 2000, 4000, 8000, 30_000]);
  });

  it("falls back at once where the browser has no EventSource", () => {
    vi.stubGlobal("EventSource", undefined);
    expect(watch().states).toEqual(["fallback"]);
  });
});
