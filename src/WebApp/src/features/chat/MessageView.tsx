import { memo } from "react";
import { BlockView, sourceCountOf } from "../../blocks/BlockView";
import type { MessageState } from "./answerState";

export function creditsText(credits: number): string {
  return credits === 1 ? "1 credit" : `${credits} credits`;
}

/**
 * One message. Memoised on the message object: a finished message never renders again while the page grows, and
 * inside the answer being streamed only the block that changed renders (BlockView is memoised on its block).
 */
export const MessageView = memo(function MessageView({
  message,
  canRetry,
  onRetry,
}: {
  message: MessageState;
  canRetry: boolean;
  onRetry: (answerKey: string, question: string) => void;
}) {
  const sourceCount = sourceCountOf(message.blocks);
  const sourcePrefix = `source-${message.key}`;
  if (message.role === "user") {
    const text = message.blocks.map((block) => (block.type === "text" ? block.text : "")).join("\n");
    return (
      <article className="message message-user" aria-label="Your question">
        <p className="question-text">{text}</p>
      </article>
    );
  }
  return (
    <article className="message message-assistant" aria-label="Answer" aria-busy={message.status === "streaming"}>
      {message.blocks.map((block, index) => (
        <BlockView
          key={index}
          block={block}
          sourceCount={sourceCount}
          sourcePrefix={sourcePrefix}
          streaming={!message.finished[index]}
        />
      ))}
      {message.status === "streaming" && message.blocks.length === 0 && <p className="hint answering">Answering…</p>}
      {message.status === "stopped" && <p className="message-status">Stopped</p>}
      {message.status === "error" && (
        <div className="error-notice" role="alert">
          <span>{message.error}</span>
          {message.question !== null && (
            <button type="button" disabled={!canRetry} onClick={() => onRetry(message.key, message.question ?? "")}>
              Retry
            </button>
          )}
        </div>
      )}
      {message.status === "complete" && message.credits !== null && (
        <p className="message-credits hint">{creditsText(message.credits)}</p>
      )}
    </article>
  );
});
