import { ApiError } from "../../api/client";

/** Whether a refusal is already shown beside one of these fields (so the form need not repeat it above them). */
export function hasFieldError(error: unknown, fields: string[]): boolean {
  return error instanceof ApiError && fields.some((field) => error.fieldError(field) !== undefined);
}
