import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type Ref } from "react";

/** The question box: Enter sends, Shift+Enter starts a new line; while an answer streams, Stop ends it. */
export function Composer({
  answering,
  busy,
  onSend,
  onStop,
  inputRef,
}: {
  answering: boolean;
  /** Something before the answer is under way (creating the conversation). */
  busy: boolean;
  /** Resolves true once the question is on its way: only then does the box empty. */
  onSend: (text: string) => boolean | Promise<boolean>;
  onStop: () => void;
  inputRef: Ref<HTMLTextAreaElement>;
}) {
  const [text, setText] = useState("");
  const form = useRef<HTMLFormElement>(null);
  const canSend = text.trim().length > 0 && !answering && !busy;

  // Stop disappears when the answer ends: focus it held goes back to the question box, not to the page's body.
  useEffect(() => {
    if (answering) return;
    const active = document.activeElement;
    if (!active || active === document.body) form.current?.querySelector("textarea")?.focus();
  }, [answering]);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!canSend) return;
    const asked = text.trim();
    if (await onSend(asked)) setText((current) => (current.trim() === asked ? "" : current));
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  }

  return (
    <form ref={form} className="composer" onSubmit={(event) => void submit(event)}>
      <label htmlFor="chat-message" className="visually-hidden">
        Message
      </label>
      <textarea
        id="chat-message"
        ref={inputRef}
        rows={2}
        value={text}
        placeholder="Ask a question about this workspace"
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        aria-describedby="chat-message-hint"
      />
      <span id="chat-message-hint" className="visually-hidden">
        Enter sends, Shift+Enter starts a new line.
      </span>
      <div className="composer-actions">
        {answering ? (
          <button type="button" className="danger" onClick={onStop}>
            Stop
          </button>
        ) : (
          <button type="submit" className="primary" disabled={!canSend}>
            Send
          </button>
        )}
      </div>
    </form>
  );
}
