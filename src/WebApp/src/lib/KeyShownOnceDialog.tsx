import { useState } from "react";
import { Dialog } from "./Dialog";

/**
 * Shows a newly created API key the only time the server will ever return it. The key lives in the caller's state
 * only while this dialog is open: the caller passes `null` on close and nothing keeps it (no storage, no cache).
 */
export function KeyShownOnceDialog({ apiKey, name, onClose }: { apiKey: string | null; name: string; onClose: () => void }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);

  async function copy() {
    if (!apiKey) return;
    try {
      await navigator.clipboard.writeText(apiKey);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }

  return (
    <Dialog
      title="Your new API key"
      open={apiKey !== null}
      onClose={() => {
        setCopied(null);
        onClose();
      }}
    >
      <p>
        This is the key <strong>{name}</strong>. It is <strong>shown only once</strong>: copy it now and keep it
        somewhere safe. Planck cannot show it again.
      </p>
      <label className="field">
        <span>API key</span>
        <input className="key-value" readOnly value={apiKey ?? ""} onFocus={(e) => e.currentTarget.select()} />
      </label>
      <p role="status" className="hint">
        {copied === "yes" ? "Copied to the clipboard." : copied === "failed" ? "Copying failed: select the key and copy it yourself." : ""}
      </p>
      <div className="dialog-actions">
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => {
            setCopied(null);
            onClose();
          }}
        >
          Done
        </button>
      </div>
    </Dialog>
  );
}
