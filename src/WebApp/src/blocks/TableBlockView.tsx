import { memo, useMemo, useState } from "react";
import type { TableBlock } from "../api/types";
import { cellText, columnKind, sortRows, type SortDirection } from "./tableData";

interface Sort {
  column: number;
  direction: SortDirection;
}

/** A table of typed columns; a column header's button sorts by it (again: the other way). */
export const TableBlockView = memo(function TableBlockView({ block }: { block: Pick<TableBlock, "columns" | "rows" | "title" | "truncated"> }) {
  const [sort, setSort] = useState<Sort | null>(null);
  const kinds = useMemo(() => block.columns.map((column) => columnKind(column.type)), [block.columns]);
  const rows = useMemo(() => {
    if (!sort) return block.rows;
    return sortRows(block.rows, sort.column, kinds[sort.column] ?? "string", sort.direction);
  }, [block.rows, kinds, sort]);

  function sortBy(column: number) {
    setSort((current) =>
      current?.column === column
        ? { column, direction: current.direction === "ascending" ? "descending" : "ascending" }
        : { column, direction: "ascending" },
    );
  }

  return (
    <div className="block-table">
      <div className="table-scroll" tabIndex={0} role="region" aria-label={block.title ? `Table: ${block.title}` : "Table"}>
        <table className="data">
          {block.title && <caption>{block.title}</caption>}
          <thead>
            <tr>
              {block.columns.map((column, index) => {
                const sorted = sort?.column === index ? sort.direction : undefined;
                return (
                  <th key={index} scope="col" aria-sort={sorted ?? "none"} className={`cell-${kinds[index]}`}>
                    <button type="button" className="sort" onClick={() => sortBy(index)}>
                      {column.name}
                      <span aria-hidden="true" className="sort-mark">
                        {sorted === "ascending" ? "▲" : sorted === "descending" ? "▼" : "↕"}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, rowIndex) => (
              <tr key={rowIndex}>
                {block.columns.map((_, index) => (
                  <td key={index} className={`cell-${kinds[index]}`}>
                    {cellText(row[index], kinds[index] ?? "string")}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {block.truncated && (
        <p className="hint table-truncated" role="note">
          Showing the first {block.rows.length.toLocaleString()} rows: the result has more.
        </p>
      )}
    </div>
  );
});
