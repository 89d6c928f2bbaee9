import { ApiError } from "../../api/client";

/** Whether a refusal is already shown beside one of these fields (so the form need not repeat it above them). */
export function hasFieldError(error: unknown, fields: string[]): boolean {
  return error instanceof ApiError && fields.some((field) => error.fieldError(field) !== undefined);
}

/**
 * After a confirmation removed the row that opened it, the native dialog would hand focus back to a button that
 * is gone (so to the page's body); this puts it somewhere meaningful once the dialog has closed.
 */
export function focusAfterDialog(target: HTMLElement | null): void {
  window.setTimeout(() => target?.focus(), 0);
}
