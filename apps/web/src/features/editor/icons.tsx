// Small stroke icons for the toolbar (decorative: every button carries its own accessible name).
import type { ReactNode } from "react";

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg className="study-icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

const stroke = { fill: "none", stroke: "currentColor", strokeWidth: 1.7, strokeLinecap: "round", strokeLinejoin: "round" } as const;

export const icons = {
  bulletList: (
    <Icon>
      <circle cx="4" cy="5" r="1.3" fill="currentColor" />
      <circle cx="4" cy="10" r="1.3" fill="currentColor" />
      <circle cx="4" cy="15" r="1.3" fill="currentColor" />
      <path {...stroke} d="M8 5h9M8 10h9M8 15h9" />
    </Icon>
  ),
  orderedList: (
    <Icon>
      <path {...stroke} strokeWidth={1.3} d="M3 3.5h1.5v4M3 7.5h3M2.8 12.2c.4-.8 2.9-.9 2.9.5 0 1.2-2.9 1.9-2.9 3.3h3" />
      <path {...stroke} d="M9 5h8M9 10h8M9 15h8" />
    </Icon>
  ),
  blockquote: (
    <Icon>
      <path {...stroke} d="M4 4v12M8 6h9M8 10h9M8 14h6" />
    </Icon>
  ),
  link: (
    <Icon>
      <path {...stroke} d="M8.5 11.5a3.5 3.5 0 0 0 5 0l2.5-2.5a3.5 3.5 0 0 0-5-5l-1 1" />
      <path {...stroke} d="M11.5 8.5a3.5 3.5 0 0 0-5 0L4 11a3.5 3.5 0 0 0 5 5l1-1" />
    </Icon>
  ),
  image: (
    <Icon>
      <rect {...stroke} x="2.5" y="3.5" width="15" height="13" rx="1.5" />
      <circle cx="7" cy="8" r="1.5" fill="currentColor" />
      <path {...stroke} d="M3 15l4.5-4.5 3 3 2.5-2.5 4.5 4.5" />
    </Icon>
  ),
  versionControl: (
    <Icon>
      <path {...stroke} d="M3.5 4.5h13M3.5 10h13M3.5 15.5h13" />
      <circle cx="6" cy="4.5" r="1.6" fill="currentColor" />
      <circle cx="6" cy="10" r="1.6" fill="currentColor" />
      <circle cx="6" cy="15.5" r="1.6" fill="currentColor" />
    </Icon>
  ),
  table: (
    <Icon>
      <rect {...stroke} x="2.5" y="3.5" width="15" height="13" rx="1" />
      <path {...stroke} d="M2.5 8h15M2.5 12.5h15M7.5 3.5v13M12.5 3.5v13" />
    </Icon>
  ),
  addRow: (
    <Icon>
      <rect {...stroke} x="2.5" y="3" width="15" height="7" rx="1" />
      <path {...stroke} d="M10 12.5v5M7.5 15h5" />
    </Icon>
  ),
  deleteRow: (
    <Icon>
      <rect {...stroke} x="2.5" y="3" width="15" height="7" rx="1" />
      <path {...stroke} d="M7.5 15h5" />
    </Icon>
  ),
  addColumn: (
    <Icon>
      <rect {...stroke} x="2.5" y="2.5" width="7" height="15" rx="1" />
      <path {...stroke} d="M12.5 10h5M15 7.5v5" />
    </Icon>
  ),
  deleteColumn: (
    <Icon>
      <rect {...stroke} x="2.5" y="2.5" width="7" height="15" rx="1" />
      <path {...stroke} d="M12.5 10h5" />
    </Icon>
  ),
  deleteTable: (
    <Icon>
      <rect {...stroke} x="2.5" y="3.5" width="15" height="13" rx="1" />
      <path {...stroke} d="M7 7l6 6M13 7l-6 6" />
    </Icon>
  ),
  undo: (
    <Icon>
      <path {...stroke} d="M7 4L3.5 7.5 7 11" />
      <path {...stroke} d="M4 7.5h8a4.5 4.5 0 0 1 0 9H8" />
    </Icon>
  ),
  redo: (
    <Icon>
      <path {...stroke} d="M13 4l3.5 3.5L13 11" />
      <path {...stroke} d="M16 7.5H8a4.5 4.5 0 0 0 0 9h4" />
    </Icon>
  ),
};
