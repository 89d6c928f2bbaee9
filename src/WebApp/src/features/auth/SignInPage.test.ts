import { describe, expect, it } from "vitest";
import { refusalText } from "./SignInPage";

describe("refusalText", () => {
  it("shows the server's sign-in refusal as it is, since it already says how long to wait", () => {
    const detail = "Too many failed sign-in attempts for this account from this address; try again in 15 minutes.";
    expect(refusalText(detail, 880)).toBe(detail);
  });

  it("shows the rate limit's refusal as it is", () => {
    expect(refusalText("Rate limit exceeded. Retry after 3 seconds.", 3)).toBe("Rate limit exceeded. Retry after 3 seconds.");
  });

  it("adds the wait from Retry-After when the detail does not say it", () => {
    expect(refusalText("Too many requests.", 45)).toBe("Too many requests. Try again in 45 seconds.");
    expect(refusalText("Too many requests.", 61)).toBe("Too many requests. Try again in 2 minutes.");
  });
});
