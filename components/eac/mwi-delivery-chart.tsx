// NOTIFYs per minute over the last hour, delivered vs failed, as stacked SVG bars. Small on
// purpose: 60 bars need no chart library. The figures are also in the bars' titles (hover) and a
// text summary, so the chart is not the only way to read them.
import type { RatePointDto } from "@/lib/services/mwi-delivery-health";

const W = 600, H = 120, PAD_L = 36, PAD_B = 18;

export function MwiDeliveryChart({ points }: { points: RatePointDto[] }) {
  const max = Math.max(1, ...points.map((p) => p.ok + p.failed));
  const barW = (W - PAD_L) / Math.max(1, points.length);
  const y = (v: number) => ((H - PAD_B) * v) / max;
  const totalOk = points.reduce((s, p) => s + p.ok, 0);
  const totalFailed = points.reduce((s, p) => s + p.failed, 0);
  return (
    <figure className="mb-4">
      <svg role="img" aria-label={`NOTIFYs per minute over the last hour: ${totalOk} delivered, ${totalFailed} failed`}
        viewBox={`0 0 ${W} ${H}`} className="h-32 w-full max-w-3xl border border-neutral-200 bg-white">
        <text x={2} y={10} className="fill-neutral-500 text-[9px]">{max}/min</text>
        <line x1={PAD_L} y1={H - PAD_B} x2={W} y2={H - PAD_B} className="stroke-neutral-300" />
        {points.map((p, i) => {
          const x = PAD_L + i * barW;
          const hOk = y(p.ok), hFail = y(p.failed);
          const time = new Date(p.minute).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
          return (
            <g key={p.minute}>
              <title>{`${time}: ${p.ok} delivered, ${p.failed} failed`}</title>
              {p.ok > 0 && <rect x={x + 1} y={H - PAD_B - hOk} width={Math.max(1, barW - 2)} height={hOk} className="fill-eac" />}
              {p.failed > 0 && <rect x={x + 1} y={H - PAD_B - hOk - hFail} width={Math.max(1, barW - 2)} height={hFail} className="fill-red-600" />}
              {i % 10 === 0 && <text x={x} y={H - 4} className="fill-neutral-500 text-[9px]">{time}</text>}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-1 text-xs text-neutral-600">
        <span aria-hidden className="mr-1 inline-block h-2 w-2 bg-eac" />delivered {totalOk}
        <span aria-hidden className="ml-3 mr-1 inline-block h-2 w-2 bg-red-600" />failed {totalFailed}
        <span className="ml-3">in the last hour</span>
      </figcaption>
    </figure>
  );
}
