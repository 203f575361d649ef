/**
 * Edits of the route tree by path (indices from the root, as the route tester's): each
 * returns a new tree and leaves the old one as it was. Order is meaning in Alertmanager
 * (the first matching child wins unless it continues), so moving is an edit of its own.
 */
interface Node {
  routes?: Node[];
}

export function nodeAt<N extends Node>(root: N, path: readonly number[]): N {
  return path.reduce<N>((node, i) => (node.routes ?? [])[i] as N, root);
}

export function updateAt<N extends Node>(root: N, path: readonly number[], change: (node: N) => N): N {
  if (path.length === 0) return change(root);
  const [head, ...rest] = path;
  const routes = [...(root.routes ?? [])] as N[];
  routes[head!] = updateAt(routes[head!]!, rest, change);
  return { ...root, routes };
}

/** Swaps a route with its previous (-1) or next (+1) sibling; at either end, nothing changes. */
export function moveAt<N extends Node>(root: N, path: readonly number[], delta: -1 | 1): N {
  if (path.length === 0) return root;
  const parent = path.slice(0, -1);
  const i = path[path.length - 1]!;
  return updateAt(root, parent, (node) => {
    const routes = [...(node.routes ?? [])];
    const j = i + delta;
    if (j < 0 || j >= routes.length) return node;
    [routes[i], routes[j]] = [routes[j]!, routes[i]!];
    return { ...node, routes };
  });
}

export function removeAt<N extends Node>(root: N, path: readonly number[]): N {
  if (path.length === 0) return root;
  const i = path[path.length - 1]!;
  return updateAt(root, path.slice(0, -1), (node) => ({ ...node, routes: (node.routes ?? []).filter((_, j) => j !== i) }));
}

export function addChildAt<N extends Node>(root: N, path: readonly number[], child: N): N {
  return updateAt(root, path, (node) => ({ ...node, routes: [...(node.routes ?? []), child] }));
}
