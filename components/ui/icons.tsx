// Toolbar glyphs as inline SVG: the machine's fonts may lack emoji, and EAC icons are line art.
const common = { width: 16, height: 16, viewBox: "0 0 16 16", fill: "none", stroke: "currentColor", strokeWidth: 1.4, "aria-hidden": true } as const;

export const TrashIcon = () => (
  <svg {...common}><path d="M2.5 4h11M6 4V2.5h4V4M4 4l.7 9.5h6.6L12 4M6.5 6.5v5M9.5 6.5v5" /></svg>
);
