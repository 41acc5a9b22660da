import { pages, type PageId } from './pages.ts';

export function Nav({ current, onSelect }: { current: PageId; onSelect: (p: PageId) => void }) {
  return (
    <nav className="nav" aria-label="Workbench">
      <div className="brand">AMR Studio</div>
      <ul>
        {pages.map((p, index) => (
          <li key={p.id}>
            <button
              type="button"
              className={p.id === current ? 'active' : ''}
              aria-current={p.id === current ? 'page' : undefined}
              data-page={p.id}
              title={`${p.label} (Alt+${index + 1})`}
              onClick={() => onSelect(p.id)}
            >
              {p.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
