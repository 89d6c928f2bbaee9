import { lazy, Suspense, useState, type ComponentType } from "react";
import { prefetchHistoryFor } from "./historyPrefetch";

// The chat page brings Markdown, DOMPurify and highlight.js: it loads on the first visit to a chat, so the rest of
// the app (sign-in, workspaces, documents) starts without them.
let loaded: ComponentType | null = null;
const loadChatScreen = () =>
  import("./ChatScreen").then((module) => {
    loaded = module.default;
    return module;
  });
// Opened straight at a chat address (a reload, a bookmark), the page's code is fetched and compiled while the app
// signs in, instead of after.
if (typeof window !== "undefined" && /^\/workspaces\/[^/]+\/chat(?:\/|$)/.test(window.location.pathname)) {
  void loadChatScreen();
  prefetchHistoryFor(window.location.pathname);
}
const LazyChatScreen = lazy(loadChatScreen);

export function ChatPage() {
  // Code already here renders at once: through lazy() it would suspend all the same, and React holds back a
  // suspended boundary's content for up to 300 ms after its fallback shows (measured: the history request started
  // about 300 ms late on every load).
  // Chosen once per mount: switching between the two later would mount the screen again and lose its state.
  const [ChatScreen] = useState(() => loaded);
  if (ChatScreen) return <ChatScreen />;
  return (
    <Suspense
      fallback={
        <section className="page" aria-busy="true">
          <p className="hint">Loading the chat…</p>
        </section>
      }
    >
      <LazyChatScreen />
    </Suspense>
  );
}
