import { api } from "../../api/client";
import type { ChatMessage, Page } from "../../api/types";
import { loadAll } from "../../lib/paging";

export function historyPath(workspaceId: string, conversationId: string): string {
  return `/api/v1/workspaces/${workspaceId}/conversations/${conversationId}/messages`;
}

let early: { path: string; messages: Promise<ChatMessage[]> } | null = null;

/**
 * Opened straight at a conversation's address (a reload, a bookmark), its history is asked for as the app starts,
 * beside the sign-in check, instead of after the sign-in, the workspace and the chat page's code each in turn:
 * that chain, not rendering, was most of the time a long conversation took to open (docs/benchmarks.md).
 * A caller that is not signed in gets the same 401 the sign-in check gets, and is sent to Sign in either way.
 */
export function prefetchHistoryFor(pathname: string): void {
  const match = /^\/workspaces\/([^/]+)\/chat\/([^/]+)\/?$/.exec(pathname);
  if (!match?.[1] || !match[2]) return;
  const path = historyPath(match[1], match[2]);
  const messages = loadAll<ChatMessage>(path, (page) => api<Page<ChatMessage>>(page));
  messages.catch(() => undefined); // Whoever takes it sees the failure; nobody may take it at all.
  early = { path, messages };
}

/** The prefetched history of this conversation, once: a later load (a retry, another visit) asks the server again. */
export function takePrefetchedHistory(workspaceId: string, conversationId: string): Promise<ChatMessage[]> | null {
  if (early?.path !== historyPath(workspaceId, conversationId)) return null;
  const { messages } = early;
  early = null;
  return messages;
}
