import { describe, expect, it } from "vitest";
import { acceptAttribute, acceptedExtensions, refusalBeforeUpload } from "./upload";

const MB = 1024 * 1024;
const config = { max_upload_bytes: 100 * MB, accepted_types: [".pdf", ".xlsx", ".csv", ".txt", ".md", ".docx", ".html"] };

describe("refusalBeforeUpload", () => {
  it("sends an accepted file within the limit", () => {
    expect(refusalBeforeUpload({ name: "Report.PDF", size: 5 * MB }, config)).toBeNull();
  });

  it("refuses a type the server does not accept, naming what it accepts", () => {
    expect(refusalBeforeUpload({ name: "report.exe", size: 10 }, config)).toBe(
      "report.exe: this type of file is not accepted (accepted: .pdf, .xlsx, .csv, .txt, .md, .docx, .html)",
    );
  });

  it("refuses a file with no extension when types are known", () => {
    expect(refusalBeforeUpload({ name: "README", size: 10 }, config)).toMatch(/^README: this type of file is not accepted/);
  });

  it("refuses a file over the limit with both sizes", () => {
    expect(refusalBeforeUpload({ name: "big.pdf", size: 120 * MB }, config)).toBe("big.pdf is 120 MB; the limit is 100 MB");
  });

  it("takes a file of exactly the limit", () => {
    expect(refusalBeforeUpload({ name: "edge.pdf", size: 100 * MB }, config)).toBeNull();
  });

  it("leaves the type to the server when it named no accepted types", () => {
    expect(refusalBeforeUpload({ name: "report.exe", size: 10 }, { ...config, accepted_types: [] })).toBeNull();
  });
});

describe("acceptedExtensions", () => {
  it("maps media types to the extensions Planck reads them from", () => {
    expect(acceptedExtensions(["application/pdf", "text/markdown", "TEXT/HTML; charset=utf-8"])).toEqual([
      ".pdf",
      ".md",
      ".markdown",
      ".html",
      ".htm",
    ]);
  });

  it("normalises bare and upper-case extensions", () => {
    expect(acceptedExtensions(["PDF", ".Docx", " "])).toEqual([".pdf", ".docx"]);
  });

  it("checks a media-typed configuration by extension", () => {
    const byType = { max_upload_bytes: 0, accepted_types: ["application/pdf"] };
    expect(refusalBeforeUpload({ name: "a.pdf", size: 1 }, byType)).toBeNull();
    expect(refusalBeforeUpload({ name: "a.txt", size: 1 }, byType)).toBe("a.txt: this type of file is not accepted (accepted: .pdf)");
  });
});

describe("acceptAttribute", () => {
  it("lists extensions and the server's own entries once each", () => {
    expect(acceptAttribute(["application/pdf", ".csv"])).toBe(".pdf,.csv,application/pdf");
  });

  it("is absent when nothing is known", () => {
    expect(acceptAttribute([])).toBeUndefined();
  });
});
