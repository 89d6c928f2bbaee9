// Typed cells of a table block: how each type is shown and how a column sorts. Server column types are
// number, boolean, date and string; a database may name its own (integer, timestamp…), mapped to the nearest.

export type ColumnKind = "number" | "boolean" | "date" | "string";
export type SortDirection = "ascending" | "descending";

export function columnKind(type: string | null | undefined): ColumnKind {
  const name = (type ?? "").toLowerCase();
  if (/^(number|integer|int|bigint|smallint|float|double|decimal|numeric|real)/.test(name)) return "number";
  if (/^(bool|boolean)$/.test(name)) return "boolean";
  if (/^(date|datetime|timestamp|time)/.test(name)) return "date";
  return "string";
}

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 6 });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function toNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && value.trim() !== "") {
    const parsed = Number(value.replace(/[\s,]/g, ""));
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

function toTime(value: unknown): number | null {
  if (typeof value !== "string" && typeof value !== "number") return null;
  const time = typeof value === "number" ? value : Date.parse(value);
  return Number.isFinite(time) ? time : null;
}

function toBoolean(value: unknown): boolean | null {
  if (typeof value === "boolean") return value;
  if (typeof value === "string") {
    const text = value.trim().toLowerCase();
    if (["true", "yes", "1"].includes(text)) return true;
    if (["false", "no", "0"].includes(text)) return false;
  }
  return null;
}

/** The cell as a person reads it; an empty cell is an empty string. */
export function cellText(value: unknown, kind: ColumnKind): string {
  if (value === null || value === undefined || value === "") return "";
  switch (kind) {
    case "number": {
      const number = toNumber(value);
      return number === null ? String(value) : numberFormat.format(number);
    }
    case "boolean": {
      const flag = toBoolean(value);
      return flag === null ? String(value) : flag ? "Yes" : "No";
    }
    case "date": {
      const time = toTime(value);
      if (time === null) return String(value);
      return typeof value === "string" && DATE_ONLY.test(value) ? dateOnly.format(time) : dateTime.format(time);
    }
    default:
      return typeof value === "object" ? JSON.stringify(value) : String(value);
  }
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

function sortKey(value: unknown, kind: ColumnKind): number | string | null {
  if (value === null || value === undefined || value === "") return null;
  switch (kind) {
    case "number":
      return toNumber(value);
    case "date":
      return toTime(value);
    case "boolean": {
      const flag = toBoolean(value);
      return flag === null ? null : flag ? 1 : 0;
    }
    default:
      return typeof value === "object" ? JSON.stringify(value) : String(value);
  }
}

/** A sorted copy (stable); empty or unreadable cells go last in either direction. */
export function sortRows(rows: unknown[][], column: number, kind: ColumnKind, direction: SortDirection): unknown[][] {
  const sign = direction === "ascending" ? 1 : -1;
  return rows
    .map((row, position) => ({ row, position, key: sortKey(row[column], kind) }))
    .sort((a, b) => {
      if (a.key === null || b.key === null) {
        if (a.key === b.key) return a.position - b.position;
        return a.key === null ? 1 : -1;
      }
      const order =
        typeof a.key === "number" && typeof b.key === "number"
          ? a.key - b.key
          : collator.compare(String(a.key), String(b.key));
      return order === 0 ? a.position - b.position : sign * order;
    })
    .map((entry) => entry.row);
}

/** Columns and rows from an array of records (a chart's inline data), each column typed from its values. */
export function recordsToTable(records: Record<string, unknown>[]): { columns: { name: string; type: ColumnKind }[]; rows: unknown[][] } {
  const names: string[] = [];
  for (const record of records) {
    for (const name of Object.keys(record)) if (!names.includes(name)) names.push(name);
  }
  const columns = names.map((name) => {
    const values = records.map((record) => record[name]).filter((value) => value !== null && value !== undefined);
    const type: ColumnKind =
      values.length > 0 && values.every((value) => typeof value === "number")
        ? "number"
        : values.length > 0 && values.every((value) => typeof value === "boolean")
          ? "boolean"
          : "string";
    return { name, type };
  });
  return { columns, rows: records.map((record) => names.map((name) => record[name] ?? null)) };
}
