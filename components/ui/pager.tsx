import { Button } from "./button";

/** "N things · ‹ Previous · Page x of y · Next ›" under a server-paged list. */
export function Pager({ total, noun, page, pageSize, onPage, className = "mt-1" }: {
  total: number; noun: string; page: number; pageSize: number; onPage: (page: number) => void; className?: string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <div className={`flex items-center gap-3 text-xs text-neutral-600 ${className}`}>
      <span>{total} {noun}</span>
      <Button type="button" className="min-w-0 px-2 py-0" disabled={page <= 1} onClick={() => onPage(page - 1)}>‹ Previous</Button>
      <span>Page {page} of {pages}</span>
      <Button type="button" className="min-w-0 px-2 py-0" disabled={page >= pages} onClick={() => onPage(page + 1)}>Next ›</Button>
    </div>
  );
}
