import { api } from "../../api/client";
import type { Page } from "../../api/types";

/** The server's largest page; fewer round trips for a long list. */
export const MAX_PAGE = 200;

/**
 * Every item of a paged list, fetched page by page until `count` is reached. A page that comes back empty ends it
 * too, so items removed meanwhile cannot make it loop.
 */
export async function fetchAll<T>(path: string, signal?: AbortSignal): Promise<Page<T>> {
  const separator = path.includes("?") ? "&" : "?";
  const items: T[] = [];
  let count = 0;
  for (;;) {
    const page = await api<Page<T>>(`${path}${separator}limit=${MAX_PAGE}&offset=${items.length}`, { signal });
    items.push(...page.data);
    count = page.count;
    if (page.data.length === 0 || items.length >= count) break;
  }
  return { data: items, count: Math.max(count, items.length) };
}
