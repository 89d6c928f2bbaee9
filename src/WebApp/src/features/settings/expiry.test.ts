import { describe, expect, it } from "vitest";
import { expiryFromDate, todayForDateInput } from "./expiry";

describe("expiryFromDate", () => {
  it("ends the chosen day at 23:59:59 UTC", () => {
    expect(expiryFromDate("2027-03-14")).toBe("2027-03-14T23:59:59.000Z");
  });

  it("means never for an empty field", () => {
    expect(expiryFromDate("")).toBeNull();
    expect(expiryFromDate("   ")).toBeNull();
  });

  it("refuses text that is not a calendar date", () => {
    expect(() => expiryFromDate("14/03/2027")).toThrow(RangeError);
    expect(() => expiryFromDate("2027-13-40")).toThrow(RangeError);
  });
});

describe("todayForDateInput", () => {
  it("writes the local date with zero-padded month and day", () => {
    expect(todayForDateInput(new Date(2027, 0, 5, 12, 0, 0))).toBe("2027-01-05");
  });
});
