import { lazy, Suspense } from "react";

// The chat page brings Markdown, DOMPurify and highlight.js: it loads on the first visit to a chat, so the rest of
// the app (sign-in, workspaces, documents) starts without them.
const loadChatScreen = () => import("./ChatScreen");
// Opened straight at a chat address (a reload, a bookmark), the page's code is fetched and compiled while the app
// signs in, instead of after: one less wait before a conversation opens.
if (typeof window !== "undefined" && /^\/workspaces\/[^/]+\/chat(?:\/|$)/.test(window.location.pathname)) void loadChatScreen();
const ChatScreen = lazy(loadChatScreen);

export function ChatPage() {
  return (
    <Suspense
      fallback={
        <section className="page" aria-busy="true">
          <p className="hint">Loading the chat…</p>
        </section>
      }
    >
      <ChatScreen />
    </Suspense>
  );
}
