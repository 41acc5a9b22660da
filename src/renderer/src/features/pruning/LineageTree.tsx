// Models as a family tree: each trained model with the pruned / fine-tuned children made from
// it, and the files exported from each, as an indented list.
import type { LineageNode } from '../../../../shared/dto.ts';
import { compact, percent } from '../../app/format.ts';

interface TreeProps {
  nodes: LineageNode[];
  selected: number | null;
  onSelect: (id: number) => void;
}

function Branch({ node, byParent, selected, onSelect }: { node: LineageNode; byParent: Map<number | null, LineageNode[]>; selected: number | null; onSelect: (id: number) => void }) {
  const children = byParent.get(node.id) ?? [];
  return (
    <li data-lineage-id={node.id} data-operation={node.operation}>
      <button type="button" className={`lineage-node${selected === node.id ? ' selected' : ''}`} onClick={() => onSelect(node.id)}>
        <span className={`op op-${node.operation}`}>{node.operation}</span> <strong>{node.name}</strong>
      </button>
      <span className="muted">
        {' '}
        #{node.id}
        {node.name.includes(node.detail) ? '' : ` · ${node.detail}`} · {compact(node.params)} params · {percent(node.accuracy)}
      </span>
      {(children.length > 0 || node.exports.length > 0) && (
        <ul>
          {children.map((c) => (
            <Branch key={c.id} node={c} byParent={byParent} selected={selected} onSelect={onSelect} />
          ))}
          {node.exports.map((e) => (
            <li key={`export-${e.id}`} data-export-id={e.id}>
              <span className="op op-export">export</span> {e.format} <span className="muted">{e.path}</span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

export function LineageTree({ nodes, selected, onSelect }: TreeProps) {
  const known = new Set(nodes.map((n) => n.id));
  const byParent = new Map<number | null, LineageNode[]>();
  for (const n of nodes) {
    // a parent deleted from the project leaves its children as roots
    const parent = n.parentId !== null && known.has(n.parentId) ? n.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), n]);
  }
  return (
    <ul className="lineage" aria-label="Model lineage" data-testid="lineage-tree">
      {(byParent.get(null) ?? []).map((n) => (
        <Branch key={n.id} node={n} byParent={byParent} selected={selected} onSelect={onSelect} />
      ))}
    </ul>
  );
}
