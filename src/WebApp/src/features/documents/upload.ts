import { ApiError, toApiError } from "../../api/client";
import type { PlanckDocument, ServerConfig } from "../../api/types";
import { formatBytes } from "../../lib/format";

// The server's accepted types may come as extensions (".pdf") or media types ("application/pdf"); the check before
// sending goes by the file's extension, so media types are mapped to the extensions Planck reads them from.
const EXTENSIONS_OF_TYPE: Record<string, string[]> = {
  "application/pdf": [".pdf"],
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [".xlsx"],
  "text/csv": [".csv"],
  "text/plain": [".txt"],
  "text/markdown": [".md", ".markdown"],
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": [".docx"],
  "text/html": [".html", ".htm"],
};

/** The extensions (lower case, with the dot) that the server's accepted types allow; empty when it named none. */
export function acceptedExtensions(acceptedTypes: readonly string[]): string[] {
  const extensions = new Set<string>();
  for (const raw of acceptedTypes) {
    const type = raw.trim().toLowerCase();
    if (!type) continue;
    if (type.includes("/")) {
      for (const extension of EXTENSIONS_OF_TYPE[type.split(";")[0]!.trim()] ?? []) extensions.add(extension);
    } else {
      extensions.add(type.startsWith(".") ? type : `.${type}`);
    }
  }
  return [...extensions];
}

/** The file input's `accept`: the extensions and the server's own entries, or nothing when it named none. */
export function acceptAttribute(acceptedTypes: readonly string[]): string | undefined {
  const all = new Set([...acceptedExtensions(acceptedTypes), ...acceptedTypes.map((t) => t.trim()).filter(Boolean)]);
  return all.size > 0 ? [...all].join(",") : undefined;
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot).toLowerCase() : "";
}

/**
 * Why a file would be refused, checked before sending it (null: send it). The server checks again and its answer
 * wins; this only spares a person a 100 MB upload that cannot succeed. No accepted types known: no type check.
 */
export function refusalBeforeUpload(
  file: { name: string; size: number },
  config: Pick<ServerConfig, "max_upload_bytes" | "accepted_types">,
): string | null {
  const extensions = acceptedExtensions(config.accepted_types);
  if (extensions.length > 0 && !extensions.includes(extensionOf(file.name))) {
    return `${file.name}: this type of file is not accepted (accepted: ${extensions.join(", ")})`;
  }
  if (config.max_upload_bytes > 0 && file.size > config.max_upload_bytes) {
    return `${file.name} is ${formatBytes(file.size)}; the limit is ${formatBytes(config.max_upload_bytes)}`;
  }
  return null;
}

export interface UploadHandle {
  done: Promise<PlanckDocument>;
  abort(): void;
}

/**
 * Sends one file with XMLHttpRequest, because fetch reports no upload progress. Same-origin, so the session cookie
 * goes with it; no custom header, so nothing needs a preflight. Rejects with ApiError like every other request
 * (the server's 413/415/400 `detail`), or an AbortError when aborted.
 */
export function uploadDocument(
  workspaceId: string,
  file: File,
  onProgress: (loaded: number, total: number) => void,
): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<PlanckDocument>((resolve, reject) => {
    xhr.open("POST", "/api/v1/documents/");
    xhr.responseType = "text";
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as PlanckDocument);
        } catch {
          reject(new ApiError(xhr.status, "The server accepted the file but its answer could not be read."));
        }
        return;
      }
      const response = new Response(xhr.responseText || null, {
        status: xhr.status,
        headers: { "content-type": xhr.getResponseHeader("content-type") ?? "", "retry-after": xhr.getResponseHeader("retry-after") ?? "" },
      });
      void toApiError(response).then(reject);
    };
    xhr.onerror = () => reject(new ApiError(0, "Cannot reach the server. Check your connection and try again."));
    xhr.onabort = () => reject(new DOMException("The upload was cancelled.", "AbortError"));
    const form = new FormData();
    // workspace_id first: the server then streams the file straight to storage instead of staging it.
    form.append("workspace_id", workspaceId);
    form.append("file", file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}
