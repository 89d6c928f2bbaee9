import { describe, expect, it } from "vitest";
import { chatRequest } from "./useChatThread";

describe("chatRequest", () => {
  it("sends no settings for a question about everything", () => {
    expect(chatRequest("Hi", { documents: {}, databaseId: null })).toEqual({ message: "Hi" });
  });

  it("names the chosen documents and the chosen database together", () => {
    expect(chatRequest("Hi", { documents: { "a.pdf": { id: "d1" } }, databaseId: "db1" })).toEqual({
      message: "Hi",
      settings: { chat_metadata: { documents: { "a.pdf": { id: "d1" } }, database: { id: "db1" } } },
    });
  });
});
