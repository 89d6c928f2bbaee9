/** "1–50 of 120" with Previous and Next, for a list the server pages by `limit` and `offset`. */
export function Pager({
  offset,
  shown,
  total,
  pageSize,
  empty,
  onMove,
}: {
  offset: number;
  shown: number;
  total: number;
  pageSize: number;
  /** What to say when there is nothing to page through. */
  empty: string;
  onMove: (offset: number) => void;
}) {
  if (total === 0) return <p className="hint">{empty}</p>;
  return (
    <div className="pager">
      <span role="status">
        {shown === 0 ? `None of ${total} here` : `${offset + 1}–${offset + shown} of ${total}`}
      </span>
      <button type="button" disabled={offset === 0} onClick={() => onMove(Math.max(0, offset - pageSize))}>
        Previous
      </button>
      <button type="button" disabled={offset + pageSize >= total} onClick={() => onMove(offset + pageSize)}>
        Next
      </button>
    </div>
  );
}
