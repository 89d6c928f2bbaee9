import type { ReactNode, RefObject } from "react";
import { ConfirmDialog } from "./Dialog";
import { ErrorNotice } from "./ErrorNotice";
import type { Removal } from "./useRemoval";

/** The confirmation for a `useRemoval`: open while it asks about an item, its refusal shown inside. */
export function RemovalDialog<T>({
  removal,
  title,
  confirmLabel,
  message,
  focusAfter,
}: {
  removal: Removal<T>;
  title: string;
  confirmLabel: string;
  message: ReactNode;
  /** Where focus goes once the item is gone (its row's button went with it). */
  focusAfter?: RefObject<HTMLElement | null>;
}) {
  return (
    <ConfirmDialog
      title={title}
      message={message}
      confirmLabel={confirmLabel}
      open={removal.target !== null}
      busy={removal.busy}
      error={removal.error ? <ErrorNotice error={removal.error} /> : undefined}
      onConfirm={() => void removal.confirm(focusAfter?.current ?? null)}
      onCancel={removal.cancel}
    />
  );
}
