// The one way the app talks to the server: same-origin fetch with the session cookie, JSON in and out, and every
// refusal turned into an ApiError carrying the server's readable `detail` (and per-field `errors`).

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors: Record<string, string[]> = {},
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(detail);
    this.name = "ApiError";
  }

  /** A connection that never reached the server (offline, server down): the UI offers a retry. */
  get isNetwork(): boolean {
    return this.status === 0;
  }

  /** The first message for a field, matched case-insensitively (the server names fields in snake_case). */
  fieldError(field: string): string | undefined {
    const key = Object.keys(this.errors).find((k) => k.toLowerCase() === field.toLowerCase());
    return key ? this.errors[key]?.[0] : undefined;
  }
}

export const SESSION_EXPIRED_EVENT = "planck:session-expired";

type Body = BodyInit | object | undefined;

export interface RequestOptions {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  body?: Body;
  signal?: AbortSignal;
  /** Sign-in itself answers 401 for a wrong password; that must not read as "session expired". */
  expectUnauthenticated?: boolean;
  /** What the response should be; JSON unless a stream is asked for. */
  accept?: string;
}

function isRawBody(body: Body): body is BodyInit {
  return (
    typeof body === "string" ||
    body instanceof FormData ||
    body instanceof Blob ||
    body instanceof URLSearchParams ||
    body instanceof ArrayBuffer
  );
}

/** Sends one request; resolves with the parsed JSON (or undefined for 204), rejects with ApiError. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  if (response.status === 204) return undefined as T;
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("json")) return undefined as T;
  return (await response.json()) as T;
}

/** Sends one request and returns the raw response once it is known to be a success (for streams and files). */
export async function send(path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: options.accept ?? "application/json" };
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    if (isRawBody(options.body)) {
      body = options.body;
    } else {
      body = JSON.stringify(options.body);
      headers["Content-Type"] = "application/json";
    }
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? (body === undefined ? "GET" : "POST"),
      headers,
      body,
      credentials: "same-origin",
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, "Cannot reach the server. Check your connection and try again.");
  }
  if (response.ok) return response;
  throw await toApiError(response, options);
}

export async function toApiError(response: Response, options: RequestOptions = {}): Promise<ApiError> {
  let detail = `The request failed with status ${response.status}.`;
  let errors: Record<string, string[]> = {};
  try {
    const problem = (await response.json()) as { detail?: unknown; errors?: unknown };
    if (typeof problem.detail === "string" && problem.detail.length > 0) detail = problem.detail;
    if (problem.errors && typeof problem.errors === "object") errors = problem.errors as Record<string, string[]>;
  } catch {
    // Not a problem document (a proxy's error page): keep the generic detail rather than show its body.
  }
  const retryAfter = Number.parseInt(response.headers.get("retry-after") ?? "", 10);
  if (response.status === 401 && !options.expectUnauthenticated) {
    window.dispatchEvent(new CustomEvent(SESSION_EXPIRED_EVENT));
  }
  return new ApiError(response.status, detail, errors, Number.isFinite(retryAfter) ? retryAfter : null);
}

/** Builds a query string, leaving out empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}
