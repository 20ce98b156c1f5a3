"use client";
// EAC list view: toolbar, a table of rows (click selects, double-click opens), details pane.

export interface Column<T> {
  header: string;
  cell: (row: T) => React.ReactNode;
  className?: string;
  /** Server-side sort key; makes the header a sort button. */
  sortKey?: string;
}

export interface Sort {
  key: string;
  order: "asc" | "desc";
}

export function ListPanel<T extends { id: string }>({ label, toolbar, columns, rows, selectedId, onSelect, onOpen, details, empty, footer, loading, error, sort, onSort }: {
  sort?: Sort;
  onSort?: (key: string) => void;
  label: string;
  toolbar?: React.ReactNode;
  columns: Column<T>[];
  rows: T[];
  selectedId?: string;
  onSelect: (id: string) => void;
  onOpen?: (id: string) => void;
  details: React.ReactNode;
  empty: string;
  footer?: React.ReactNode;
  loading?: boolean;
  error?: string;
}) {
  return (
    <div>
      {toolbar && <div role="toolbar" aria-label={`${label} actions`} className="mb-1 flex items-center gap-1">{toolbar}</div>}
      <div className="flex gap-4">
        <div className="min-w-0 flex-1 border border-neutral-300">
          <table aria-label={label} className="w-full border-collapse text-left">
            <thead>
              <tr className="border-b border-neutral-300 text-xs uppercase text-neutral-600">
                {columns.map((c) => {
                  const active = c.sortKey && sort?.key === c.sortKey;
                  return (
                    <th key={c.header} scope="col" className={`px-2 py-1.5 font-normal ${c.className ?? ""}`}
                      aria-sort={active ? (sort!.order === "asc" ? "ascending" : "descending") : undefined}>
                      {c.sortKey && onSort ? (
                        <button type="button" className="uppercase hover:text-eac" onClick={() => onSort(c.sortKey!)}>
                          {c.header}{active ? (sort!.order === "asc" ? " ▲" : " ▼") : ""}
                        </button>
                      ) : c.header}
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} aria-selected={r.id === selectedId} tabIndex={0}
                  onClick={() => onSelect(r.id)} onDoubleClick={() => onOpen?.(r.id)}
                  onKeyDown={(e) => { if (e.key === "Enter") onOpen?.(r.id); if (e.key === " ") { e.preventDefault(); onSelect(r.id); } }}
                  className={`cursor-default ${r.id === selectedId ? "bg-eac/15" : "hover:bg-neutral-100"}`}>
                  {columns.map((c) => <td key={c.header} className={`px-2 py-1 ${c.className ?? ""}`}>{c.cell(r)}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
          {loading && <p className="p-3 text-neutral-500">Loading…</p>}
          {error && <p role="alert" className="p-3 text-red-700">{error}</p>}
          {!loading && !error && rows.length === 0 && <p className="p-3 text-neutral-500">{empty}</p>}
          {footer && <div className="border-t border-neutral-200 px-2 py-1 text-xs text-neutral-600">{footer}</div>}
        </div>
        <aside aria-label="Details" className="w-80 shrink-0 border-l border-neutral-200 pl-4">{details}</aside>
      </div>
    </div>
  );
}

export function DetailRow({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="mb-2">
      <div className="text-xs text-neutral-500">{label}</div>
      <div>{children}</div>
    </div>
  );
}
