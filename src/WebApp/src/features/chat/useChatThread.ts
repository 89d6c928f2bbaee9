import { useCallback, useEffect, useRef, useState } from "react";
import { streamAnswer, type AnswerEvent } from "../../api/sse";
import { api, ApiError } from "../../api/client";
import type { ChatMessage, ChatRequest, Page } from "../../api/types";
import { loadAll } from "../../lib/paging";
import { historyPath, takePrefetchedHistory } from "./historyPrefetch";
import { applyAnswerEvent, endWith, fromHistory, pendingAnswer, userMessage, type MessageState } from "./answerState";

export type ChosenDocuments = Record<string, { id: string }>;

/** What a question is pointed at: chosen documents (none: all), and one database (null: the server chooses). */
export interface QuestionScope {
  documents: ChosenDocuments;
  databaseId: string | null;
}

/** The request body for a question; `settings` only when something narrows it, so a plain question stays plain. */
export function chatRequest(question: string, scope: QuestionScope): ChatRequest {
  const body: ChatRequest = { message: question };
  const metadata: NonNullable<NonNullable<ChatRequest["settings"]>["chat_metadata"]> = {};
  if (Object.keys(scope.documents).length > 0) metadata.documents = scope.documents;
  if (scope.databaseId) metadata.database = { id: scope.databaseId };
  if (Object.keys(metadata).length > 0) body.settings = { chat_metadata: metadata };
  return body;
}

/** Every message of a conversation, oldest first, page by page (or as prefetched when the app opened on it). */
export async function loadHistory(workspaceId: string, conversationId: string, signal?: AbortSignal): Promise<MessageState[]> {
  const fresh = () =>
    loadAll<ChatMessage>(historyPath(workspaceId, conversationId), (path) => api<Page<ChatMessage>>(path, { signal }));
  // A prefetch that failed (the session had ended: the person signed in since) is asked again, not shown as an error.
  const all = await (takePrefetchedHistory(workspaceId, conversationId)?.catch(fresh) ?? fresh());
  let question: string | null = null;
  return all.map((message) => {
    if (message.role === "user") {
      question = message.content.map((block) => (block.type === "text" ? block.text : "")).join("\n");
      return fromHistory(message, null);
    }
    return fromHistory(message, question);
  });
}

function failureDetail(error: unknown): string {
  if (error instanceof ApiError) return error.detail;
  return "The answer could not be read. Try again.";
}

export interface ChatThread {
  messages: MessageState[];
  loading: boolean;
  loadError: unknown;
  answering: boolean;
  /** Set once per ended answer ("Answer complete" …) for the live region. */
  announcement: string;
  reload(): void;
  /** Asks in conversation `target`, or as a quick question (nothing saved) when it is null. */
  ask(question: string, scope: QuestionScope, target: string | null): void;
  retry(answerKey: string, question: string, scope: QuestionScope): void;
  stop(): void;
  /** Marks a conversation just created here, about to be opened with the page's answer in progress. */
  adopt(conversationId: string): void;
}

/**
 * The messages of one thread: a saved conversation (history loaded, answers posted to its messages), or with no
 * conversation id a new one or quick questions (stateless chat, nothing saved). Stream events are applied once per animation
 * frame, however many arrive in it, so a fast stream renders at the display's pace, not the network's.
 */
export function useChatThread(workspaceId: string, conversationId: string | null): ChatThread {
  const [messages, setMessages] = useState<MessageState[]>([]);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [answering, setAnswering] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const [generation, setGeneration] = useState(0);
  const controller = useRef<AbortController | null>(null);
  // The running answer's stop route, known from its `message_start`: Stop asks the server to end the answer (on
  // whichever node runs it), since a dropped connection alone no longer does (the answer keeps running for a resume).
  const stopPath = useRef<string | null>(null);
  const queue = useRef<{ key: string; event: AnswerEvent }[]>([]);
  const frame = useRef<number | null>(null);
  /** A conversation created here a moment ago: opening it keeps the page's messages and the answer streaming. */
  const adopted = useRef<string | null>(null);

  const flush = useCallback(() => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
    frame.current = null;
    const events = queue.current;
    if (events.length === 0) return;
    queue.current = [];
    setMessages((list) =>
      list.map((message) => {
        let next = message;
        for (const item of events) if (item.key === message.key) next = applyAnswerEvent(next, item.event);
        return next;
      }),
    );
  }, []);

  const update = useCallback((key: string, change: (message: MessageState) => MessageState) => {
    setMessages((list) => list.map((message) => (message.key === key ? change(message) : message)));
  }, []);

  // A different conversation: abandon the answer in progress here (the server keeps and saves it) and load the other.
  useEffect(() => {
    if (conversationId !== null && adopted.current === conversationId) {
      adopted.current = null;
      return;
    }
    controller.current?.abort();
    controller.current = null;
    queue.current = [];
    setAnswering(false);
    setMessages([]);
    setLoadError(null);
    if (!conversationId) {
      setLoading(false);
      return;
    }
    const abort = new AbortController();
    setLoading(true);
    loadHistory(workspaceId, conversationId, abort.signal)
      .then((history) => {
        setMessages(history);
        setLoading(false);
      })
      .catch((error: unknown) => {
        if (abort.signal.aborted) return;
        setLoadError(error);
        setLoading(false);
      });
    return () => abort.abort();
  }, [workspaceId, conversationId, generation]);

  useEffect(
    () => () => {
      controller.current?.abort();
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  const run = useCallback(
    async (answerKey: string, question: string, scope: QuestionScope, target: string | null) => {
      const abort = new AbortController();
      controller.current = abort;
      setAnswering(true);
      setAnnouncement("");
      const path = target
        ? `/api/v1/workspaces/${workspaceId}/conversations/${target}/messages`
        : `/api/v1/workspaces/${workspaceId}/chat`;
      // A dropped answer is picked up where it broke (the server keeps its events); only then does it fail.
      const resume = {
        path: (messageId: string) =>
          target
            ? `/api/v1/workspaces/${workspaceId}/conversations/${target}/messages/${messageId}/stream`
            : `/api/v1/workspaces/${workspaceId}/chat/streams/${messageId}`,
      };
      const body = chatRequest(question, scope);
      const seen: { end: "complete" | "error" | null } = { end: null };
      try {
        await streamAnswer(path, body, abort.signal, (event) => {
          if (event.type === "message_start" && controller.current === abort)
            stopPath.current = `/api/v1/workspaces/${workspaceId}/chat/streams/${event.data.id}/stop`;
          if (event.type === "message_stop") seen.end = "complete";
          if (event.type === "error") seen.end = "error";
          queue.current.push({ key: answerKey, event });
          if (frame.current === null) frame.current = requestAnimationFrame(flush);
        }, resume);
        flush();
        if (seen.end === null) update(answerKey, (message) => endWith(message, "error", "The answer ended before it was complete."));
        setAnnouncement(seen.end === "complete" ? "Answer complete" : "The answer failed");
      } catch (error) {
        flush();
        if (abort.signal.aborted) {
          update(answerKey, (message) => (message.status === "streaming" ? endWith(message, "stopped") : message));
          setAnnouncement("Answer stopped");
        } else {
          update(answerKey, (message) => endWith(message, "error", failureDetail(error)));
          setAnnouncement("The answer failed");
        }
      } finally {
        if (controller.current === abort) {
          controller.current = null;
          stopPath.current = null;
          setAnswering(false);
        }
      }
    },
    [workspaceId, flush, update],
  );

  const ask = useCallback(
    (question: string, scope: QuestionScope, target: string | null) => {
      if (controller.current) return;
      const answer = pendingAnswer(question);
      setMessages((list) => [...list, userMessage(question), answer]);
      void run(answer.key, question, scope, target);
    },
    [run],
  );

  // Asks the failed answer's question again; the new answer takes the failed one's place.
  const retry = useCallback(
    (answerKey: string, question: string, scope: QuestionScope) => {
      if (controller.current) return;
      update(answerKey, () => pendingAnswer(question, answerKey));
      void run(answerKey, question, scope, conversationId);
    },
    [run, update, conversationId],
  );

  const stop = useCallback(() => {
    const route = stopPath.current;
    stopPath.current = null;
    // Best effort: if the stop request fails, aborting still ends the answer for this reader, and the server's
    // grace period (Planck:Chat:ContinueAfterDisconnectSeconds) bounds how long it runs on.
    if (route) void api(route, { method: "POST" }).catch(() => undefined);
    controller.current?.abort();
  }, []);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const adopt = useCallback((id: string) => {
    adopted.current = id;
  }, []);

  return { messages, loading, loadError, answering, announcement, reload, ask, retry, stop, adopt };
}
