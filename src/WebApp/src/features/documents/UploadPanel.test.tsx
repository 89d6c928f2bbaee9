import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PlanckDocument, ServerConfig } from "../../api/types";
import { UploadPanel } from "./UploadPanel";

const MB = 1024 * 1024;
const config: ServerConfig = {
  version: "test",
  max_upload_bytes: 100 * MB,
  accepted_types: [".pdf", ".txt"],
  language_model: false,
  session_hours: 12,
};

/** Stands in for XMLHttpRequest: records what was sent and lets the test play the server's part. */
class FakeXhr {
  static sent: FakeXhr[] = [];
  method = "";
  url = "";
  headers: Record<string, string> = {};
  body: FakeFormData | null = null;
  status = 0;
  responseText = "";
  responseType = "";
  upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  private responseHeaders: Record<string, string> = {};
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  getResponseHeader(name: string) {
    return this.responseHeaders[name.toLowerCase()] ?? null;
  }
  send(body: FakeFormData) {
    this.body = body;
    FakeXhr.sent.push(this);
  }
  abort() {
    this.onabort?.();
  }
  respond(status: number, body: unknown, type = "application/json") {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.responseHeaders = { "content-type": type };
    this.onload?.();
  }
}

/** jsdom's File is not the Blob that Node's own FormData takes; this one records the fields in order. */
class FakeFormData {
  readonly fields: [string, unknown][] = [];
  append(name: string, value: unknown) {
    this.fields.push([name, value]);
  }
  keys() {
    return this.fields.map(([name]) => name);
  }
  get(name: string) {
    return this.fields.find(([n]) => n === name)?.[1];
  }
}

function file(name: string, size: number): File {
  const f = new File(["x"], name);
  Object.defineProperty(f, "size", { value: size });
  return f;
}

function choose(...files: File[]) {
  fireEvent.change(screen.getByLabelText("Choose files"), { target: { files } });
}

beforeEach(() => {
  FakeXhr.sent = [];
  vi.stubGlobal("XMLHttpRequest", FakeXhr);
  vi.stubGlobal("FormData", FakeFormData);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("Upload", () => {
  it("refuses a wrong type and an oversized file beside each, sending only the acceptable one", () => {
    render(<UploadPanel workspaceId="w1" config={config} documents={[]} onUploaded={() => undefined} />);
    choose(file("report.exe", 10), file("big.pdf", 120 * MB), file("notes.txt", 10));

    expect(screen.getByText("report.exe: this type of file is not accepted (accepted: .pdf, .txt)")).toBeTruthy();
    expect(screen.getByText("big.pdf is 120 MB; the limit is 100 MB")).toBeTruthy();
    expect(FakeXhr.sent).toHaveLength(1);
    const sent = FakeXhr.sent[0]!;
    expect([sent.method, sent.url]).toEqual(["POST", "/api/v1/documents/"]);
    expect(sent.body!.keys()).toEqual(["workspace_id", "file"]);
    expect(sent.body!.get("workspace_id")).toBe("w1");
    expect(Object.keys(sent.headers)).toEqual(["Accept"]);
  });

  it("shows each file's progress, then the document the server made", async () => {
    const uploaded = vi.fn();
    const { rerender } = render(<UploadPanel workspaceId="w1" config={config} documents={[]} onUploaded={uploaded} />);
    choose(file("a.pdf", 1000), file("b.txt", 1000));
    expect(screen.getAllByRole("progressbar")).toHaveLength(2);

    act(() => FakeXhr.sent[0]!.upload.onprogress!({ loaded: 250, total: 1000, lengthComputable: true }));
    expect((screen.getByLabelText("Uploading a.pdf") as HTMLProgressElement).value).toBe(25);

    const document = { id: "d1", name: "a.pdf", status: "pending", progress: null, error: null } as PlanckDocument;
    await act(async () => FakeXhr.sent[0]!.respond(202, document));
    expect(uploaded).toHaveBeenCalledWith(document);

    rerender(
      <UploadPanel
        workspaceId="w1"
        config={config}
        documents={[{ ...document, status: "failed", error: "The file is not a valid PDF." }]}
        onUploaded={uploaded}
      />,
    );
    expect(screen.getByText("Failed").className).toContain("status-failed");
    expect(screen.getByText(/The file is not a valid PDF\./)).toBeTruthy();
    expect(screen.getByLabelText("Uploading b.txt")).toBeTruthy();
    expect(screen.getAllByRole("progressbar")).toHaveLength(1);
  });

  it("shows the server's own refusal beside the file", async () => {
    render(<UploadPanel workspaceId="w1" config={config} documents={[]} onUploaded={() => undefined} />);
    choose(file("scan.pdf", 10));
    await act(async () =>
      FakeXhr.sent[0]!.respond(413, { detail: "The file is larger than the upload limit of 100 MB." }, "application/problem+json"),
    );
    expect((await screen.findByRole("alert")).textContent).toBe("The file is larger than the upload limit of 100 MB.");
  });

  it("stops the uploads still running when the page goes away", () => {
    const { unmount } = render(<UploadPanel workspaceId="w1" config={config} documents={[]} onUploaded={() => undefined} />);
    choose(file("a.pdf", 10));
    const aborted = vi.spyOn(FakeXhr.sent[0]!, "abort");
    unmount();
    expect(aborted).toHaveBeenCalled();
  });
});
