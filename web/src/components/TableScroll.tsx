import type { ReactNode } from 'react';

/**
 * Horizontal scroll container for a wide table, so the page itself never scrolls sideways.
 * It is focusable and labelled, so keyboard users can scroll it with the arrow keys.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
