import { lazy, Suspense } from "react";

// The chat page brings Markdown, DOMPurify and highlight.js: it loads on the first visit to a chat, so the rest of
// the app (sign-in, workspaces, documents) starts without them.
const ChatScreen = lazy(() => import("./ChatScreen"));

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
