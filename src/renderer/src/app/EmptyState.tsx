import type { ReactNode } from 'react';

/** What a person sees where there is nothing yet: what will appear here and how to get it. */
export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="empty" data-testid="empty-state">
      <h3>{title}</h3>
      <div>{children}</div>
    </div>
  );
}
