import { useState } from "react";

/**
 * A form's one request at a time: `busy` while it runs, and its refusal kept for the fields to show. `describe`
 * turns a failure into what the form should say (a 404 lookup into "No user has that email.", say).
 */
export function useSubmission() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function run(action: () => Promise<void>, describe: (caught: unknown) => unknown = (caught) => caught) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(describe(caught));
    } finally {
      setBusy(false);
    }
  }

  return { busy, error, run };
}
