import { api } from "../api/client";
import type { Page } from "../api/types";

/** The server's largest page: fewer round trips when a picker needs every user or workspace. */
export const MAX_PAGE = 200;

/**
 * Every item of a paged list, page by page until `count` (the total) is reached. A page that comes back empty
 * ends the loop too, so a list that shrinks while it is read cannot keep it asking forever.
 */
export async function loadAll<T>(path: string, get: (path: string) => Promise<Page<T>> = api): Promise<T[]> {
  const items: T[] = [];
  const separator = path.includes("?") ? "&" : "?";
  for (;;) {
    const page = await get(`${path}${separator}limit=${MAX_PAGE}&offset=${items.length}`);
    items.push(...page.data);
    if (page.data.length === 0 || items.length >= page.count) return items;
  }
}
