import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api } from "../../api/client";
import type { Conversation, Page } from "../../api/types";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { PageTitle } from "../../lib/PageTitle";
import { useResource } from "../../lib/useResource";
import { useAuth } from "../auth/AuthContext";
import { loadAll } from "../../lib/paging";
import { Composer } from "./Composer";
import { ConversationList } from "./ConversationList";
import { DatabasePicker } from "./DatabasePicker";
import { DocumentPicker } from "./DocumentPicker";
import { MessageView } from "./MessageView";
import { useChatThread, type ChosenDocuments, type QuestionScope } from "./useChatThread";
import { useProgressiveReveal } from "./useProgressiveReveal";
import "./chat.css";

type Mode = "conversation" | "quick";

/** Scrolled to within this of the end, the page follows a growing answer; scrolled further up, it stays put. */
const FOLLOW_MARGIN = 160;

/** Every conversation, newest first, kept as a page so a rename or delete can adjust the count in place. */
async function loadConversations(path: string): Promise<Page<Conversation>> {
  const data = await loadAll<Conversation>(path);
  return { data, count: data.length };
}

/** The chat page itself, loaded on first visit (see ChatPage). */
export default function ChatScreen() {
  const { workspaceId = "", conversationId = null } = useParams();
  const navigate = useNavigate();
  const { config } = useAuth();
  const [mode, setMode] = useState<Mode>("conversation");
  const [documents, setDocuments] = useState<ChosenDocuments>({});
  const [databaseId, setDatabaseId] = useState<string | null>(null);
  const scope = useMemo<QuestionScope>(() => ({ documents, databaseId }), [documents, databaseId]);
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<unknown>(null);
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const composer = useRef<HTMLTextAreaElement>(null);
  const thread = useChatThread(workspaceId, conversationId);

  const base = `/api/v1/workspaces/${workspaceId}/conversations`;
  const list = useResource<Page<Conversation>>(base, loadConversations);
  const current = useResource<Conversation>(conversationId ? `${base}/${conversationId}` : null);
  const { reload: reloadList } = list;

  // An answer that ends may have renamed or reordered the conversation: the list follows.
  const { reload: reloadCurrent } = current;
  useEffect(() => {
    if (!thread.announcement || !conversationId) return;
    void reloadList();
    void reloadCurrent();
  }, [thread.announcement, conversationId, reloadList, reloadCurrent]);

  // Opening a conversation leaves the quick-question mode; on a narrow screen the list folds away again.
  useEffect(() => {
    if (conversationId) setMode("conversation");
    setSidebarOpen(false);
  }, [conversationId]);

  const title = conversationId
    ? (current.data?.id === conversationId ? current.data.name : null) || "Conversation"
    : mode === "quick"
      ? "Quick question"
      : "New conversation";

  // PageTitle takes focus when the title changes: right after moving to another conversation, but not when the
  // title changes under someone typing (a new conversation opening, or named by the server after its answer).
  // Whether the question box had focus is read as the new title renders, before PageTitle's effect moves it.
  const shownTitle = useRef(title);
  const keepComposerFocus = useRef(false);
  if (shownTitle.current !== title) {
    shownTitle.current = title;
    keepComposerFocus.current = typeof document !== "undefined" && document.activeElement === composer.current;
  }
  useEffect(() => {
    if (keepComposerFocus.current) {
      keepComposerFocus.current = false;
      composer.current?.focus();
    }
  }, [title]);

  // Follow the answer as it grows, unless the person scrolled up to read.
  const following = useRef(true);
  /** The distance from the top of the page to the scroll position, counted from the page's end. */
  const fromEnd = useRef(0);
  useEffect(() => {
    const onScroll = () => {
      const height = document.documentElement.scrollHeight;
      following.current = window.innerHeight + window.scrollY >= height - FOLLOW_MARGIN;
      fromEnd.current = height - window.scrollY;
    };
    window.addEventListener("scroll", onScroll, { passive: true });
    return () => window.removeEventListener("scroll", onScroll);
  }, []);
  useLayoutEffect(() => {
    if (following.current && thread.messages.length > 0) window.scrollTo({ top: document.documentElement.scrollHeight });
  }, [thread.messages]);

  // A long conversation renders its newest messages first and prepends the older ones in batches: what the person
  // looks at stays where it is (at the end, or where they scrolled to meanwhile).
  const shownFrom = useProgressiveReveal(thread.messages.length, thread.loading);
  useLayoutEffect(() => {
    const height = document.documentElement.scrollHeight;
    window.scrollTo({ top: following.current ? height : height - fromEnd.current });
  }, [shownFrom]);

  /** Resolves false when the question could not be asked (the conversation was not created): it stays in the box. */
  const send = useCallback(
    async (question: string): Promise<boolean> => {
      following.current = true;
      if (conversationId || mode === "quick") {
        thread.ask(question, scope, conversationId);
        return true;
      }
      setCreating(true);
      setCreateError(null);
      try {
        const created = await api<Conversation>(base, { method: "POST", body: { prompt: question } });
        thread.adopt(created.id);
        thread.ask(question, scope, created.id);
        current.setData(created);
        list.setData((page) => page && { data: [created, ...page.data], count: page.count + 1 });
        navigate(`/workspaces/${workspaceId}/chat/${created.id}`);
        return true;
      } catch (error) {
        setCreateError(error);
        return false;
      } finally {
        setCreating(false);
      }
    },
    [base, conversationId, current, scope, list, mode, navigate, thread, workspaceId],
  );

  // Stable, so that the memoised messages do not render again when the chosen documents or database change.
  const chosen = useRef(scope);
  chosen.current = scope;
  const { retry: retryAnswer } = thread;
  const retry = useCallback(
    (answerKey: string, question: string) => retryAnswer(answerKey, question, chosen.current),
    [retryAnswer],
  );

  function startNew(next: Mode) {
    setMode(next);
    setCreateError(null);
    if (conversationId) navigate(`/workspaces/${workspaceId}/chat`);
    else thread.reload();
    composer.current?.focus();
  }

  const conversations = list.data?.data ?? [];
  return (
    <section className={`page chat ${sidebarOpen ? "sidebar-open" : ""}`}>
      <button
        type="button"
        className="sidebar-toggle"
        aria-expanded={sidebarOpen}
        aria-controls="chat-sidebar"
        onClick={() => setSidebarOpen((open) => !open)}
      >
        Conversations
      </button>
      <aside id="chat-sidebar" className="chat-sidebar" aria-label="Conversations">
        <div className="sidebar-actions">
          <button type="button" className="primary" onClick={() => startNew("conversation")}>
            New conversation
          </button>
          <button type="button" aria-pressed={mode === "quick" && !conversationId} onClick={() => startNew("quick")}>
            Quick question
          </button>
        </div>
        <h2 className="sidebar-title">Conversations</h2>
        {list.error ? (
          <ErrorNotice error={list.error} onRetry={() => void list.reload()} />
        ) : list.data === undefined ? (
          <p className="hint">Loading…</p>
        ) : (
          <ConversationList
            workspaceId={workspaceId}
            conversations={conversations}
            onRenamed={(renamed) => {
              list.setData((page) => page && { ...page, data: page.data.map((c) => (c.id === renamed.id ? { ...c, ...renamed } : c)) });
              if (renamed.id === conversationId) current.setData((c) => c && { ...c, ...renamed });
            }}
            onDeleted={(deleted) => {
              list.setData((page) => page && { data: page.data.filter((c) => c.id !== deleted.id), count: page.count - 1 });
              if (deleted.id === conversationId) navigate(`/workspaces/${workspaceId}/chat`);
            }}
          />
        )}
      </aside>

      <div className="chat-main">
        <PageTitle>{title}</PageTitle>
        {mode === "quick" && !conversationId && (
          <p className="hint">Quick questions are not saved: each one is answered on its own.</p>
        )}
        {!config.language_model && (
          <p className="notice chat-note">No language model is set up on this server: answers quote passages only.</p>
        )}

        {current.error && conversationId ? (
          <div>
            <ErrorNotice error={current.error} onRetry={() => void current.reload()} />
            <p>
              <Link to={`/workspaces/${workspaceId}/chat`}>Start a new conversation</Link>
            </p>
          </div>
        ) : thread.loadError ? (
          <ErrorNotice error={thread.loadError} onRetry={thread.reload} />
        ) : (
          <section className="thread" aria-labelledby="chat-messages-title" aria-busy={thread.loading}>
            <h2 id="chat-messages-title" className="visually-hidden">
              Messages
            </h2>
            {thread.loading && <p className="hint">Loading the conversation…</p>}
            {!thread.loading && thread.messages.length === 0 && (
              <p className="hint empty-thread">Ask a question: the answer draws on this workspace's documents.</p>
            )}
            {(shownFrom > 0 ? thread.messages.slice(shownFrom) : thread.messages).map((message) => (
              <MessageView
                key={message.key}
                message={message}
                canRetry={message.status === "error" && !thread.answering}
                onRetry={retry}
              />
            ))}
          </section>
        )}

        <div className="composer-area">
          {createError !== null && <ErrorNotice error={createError} />}
          <div className="question-scope">
            <DocumentPicker workspaceId={workspaceId} chosen={documents} onChange={setDocuments} />
            <DatabasePicker workspaceId={workspaceId} chosen={databaseId} onChange={setDatabaseId} />
          </div>
          <Composer
            answering={thread.answering}
            busy={creating || thread.loading}
            onSend={send}
            onStop={() => {
              thread.stop();
              composer.current?.focus();
            }}
            inputRef={composer}
          />
        </div>
        <div className="visually-hidden" aria-live="polite" role="status">
          {thread.announcement}
        </div>
      </div>
    </section>
  );
}
