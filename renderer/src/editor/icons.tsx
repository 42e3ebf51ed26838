// Toolbar icons: small inline SVGs drawn with currentColor (no image files, nothing for the CSP).
import type { ReactNode } from 'react';

function Svg({ children }: { children: ReactNode }) {
  return (
    <svg className="icon" viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round">
      {children}
    </svg>
  );
}

export const icons = {
  link: (
    <Svg>
      <path d="M8.5 11.5a3.2 3.2 0 0 0 4.6 0l2.6-2.6a3.2 3.2 0 0 0-4.6-4.6l-1 1" />
      <path d="M11.5 8.5a3.2 3.2 0 0 0-4.6 0l-2.6 2.6a3.2 3.2 0 0 0 4.6 4.6l1-1" />
    </Svg>
  ),
  bulletList: (
    <Svg>
      <circle cx="4" cy="5.5" r="1" fill="currentColor" stroke="none" />
      <circle cx="4" cy="10" r="1" fill="currentColor" stroke="none" />
      <circle cx="4" cy="14.5" r="1" fill="currentColor" stroke="none" />
      <path d="M7.5 5.5H17M7.5 10H17M7.5 14.5H17" />
    </Svg>
  ),
  orderedList: (
    <Svg>
      <path d="M3 4.2l1.3-.7v4M2.8 7.5h2.8" strokeWidth="1.3" />
      <path d="M2.9 12.3c.3-.7 2.6-.9 2.6.5 0 1-2.6 1.8-2.6 3h2.7" strokeWidth="1.3" />
      <path d="M8.5 5.5H17M8.5 10H17M8.5 14.5H17" />
    </Svg>
  ),
  table: (
    <Svg>
      <rect x="2.8" y="3.5" width="14.4" height="13" rx="1.5" />
      <path d="M2.8 7.8h14.4M2.8 12.1h14.4M7.6 3.5v13M12.4 3.5v13" />
    </Svg>
  ),
  clause: (
    <Svg>
      <rect x="3" y="2.8" width="11" height="14.4" rx="1.5" />
      <path d="M6 7h5M6 10h5M6 13h3" />
      <path d="M16.5 11.5v5M14 14h5" strokeWidth="1.8" />
    </Svg>
  ),
  subgoal: (
    <Svg>
      <circle cx="10" cy="10" r="7" />
      <circle cx="10" cy="10" r="4" />
      <circle cx="10" cy="10" r="1.2" fill="currentColor" stroke="none" />
    </Svg>
  ),
  undo: (
    <Svg>
      <path d="M7 4.5L3.5 8 7 11.5" />
      <path d="M3.8 8h8.2a4.5 4.5 0 0 1 0 9H9" />
    </Svg>
  ),
  redo: (
    <Svg>
      <path d="M13 4.5L16.5 8 13 11.5" />
      <path d="M16.2 8H8a4.5 4.5 0 0 0 0 9h3" />
    </Svg>
  ),
} as const;
