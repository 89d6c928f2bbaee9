import type { UploadFile } from "./fixtures";

// Small real files for uploads, made here so the suite needs no binary fixtures.

export function textFile(name: string, text: string, mimeType = "text/plain"): UploadFile {
  return { name, mimeType, buffer: Buffer.from(text, "utf8") };
}

/** A valid PDF with one page per entry, each line of text in Helvetica; the xref offsets are computed, not guessed. */
export function pdfFile(name: string, pages: string[][]): UploadFile {
  const objects: string[] = [];
  const pageIds = pages.map((_, i) => 4 + i * 2);
  objects[1] = "<< /Type /Catalog /Pages 2 0 R >>";
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pages.length} >>`;
  objects[3] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
  pages.forEach((lines, i) => {
    const escaped = lines.map((line) => line.replace(/[\\()]/g, (c) => `\\${c}`));
    const stream = `BT /F1 12 Tf 72 720 Td 16 TL ${escaped.map((line) => `(${line}) '`).join(" ")} ET`;
    objects[pageIds[i]!] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageIds[i]! + 1} 0 R >>`;
    objects[pageIds[i]! + 1] = `<< /Length ${Buffer.byteLength(stream, "latin1")} >>\nstream\n${stream}\nendstream`;
  });

  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = Buffer.byteLength(body, "latin1");
    body += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(body, "latin1");
  body += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) body += `${String(offsets[id]).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return { name, mimeType: "application/pdf", buffer: Buffer.from(body, "latin1") };
}

/** An executable's first bytes under a PDF's name: the server must see through the extension. */
export function fakePdf(name = "x.pdf"): UploadFile {
  const bytes = Buffer.alloc(512);
  bytes.write("MZ", 0, "latin1");
  bytes.write("This program cannot be run in DOS mode.", 78, "latin1");
  return { name, mimeType: "application/pdf", buffer: bytes };
}

/** A workspace's ordinary notes: a distinctive sentence for search, and enough text to cite. */
export function notes(name = "notes.txt"): UploadFile {
  return textFile(
    name,
    [
      "The lighthouse keeper of Quillon Point logs every marmalade shipment that arrives by ferry.",
      "",
      "In 2024 the ferry brought forty-two crates of bitter orange marmalade and eleven of lemon curd.",
      "",
      "The keeper's ledger is kept in the lamp room, beside the brass barometer.",
    ].join("\n"),
  );
}
