import { api, call } from './client';

export interface TreeNode {
  id: string;
  code: string;
  kind: string;
  name: string;
  setting?: string;
  handlingUnit?: { id: string; code: string; name: string };
  children: TreeNode[];
}

export interface HandlingStep {
  level: string;
  node: { id: string; code: string; kind: string; name: string };
  handler: { kind: 'grid' | 'unit'; id: string; code: string; name: string };
}

export interface SquadTeam {
  id: string;
  name: string;
  domain?: string;
  squads: Array<{ id: string; name: string; kind: string; areas: Array<{ id: string; name: string }> }>;
}

const trees = new Map<string, Promise<TreeNode>>();

/** The jurisdiction tree (as of a date, or today), kept for the page's life: it changes rarely. */
export function jurisdictionTree(asOf?: string): Promise<TreeNode> {
  const key = asOf ?? 'today';
  let tree = trees.get(key);
  if (!tree) {
    tree = call<{ tree: TreeNode }>(
      api.GET('/api/v1/jurisdictions/tree', { params: { query: { asOf } } }),
    ).then(({ data }) => data.tree);
    tree.catch(() => trees.delete(key));
    trees.set(key, tree);
  }
  return tree;
}

export async function handlingChain(nodeId: string): Promise<HandlingStep[]> {
  const { data } = await call<{ steps: HandlingStep[] }>(
    api.GET('/api/v1/jurisdictions/nodes/{id}/handling-chain', { params: { path: { id: nodeId } } }),
  );
  return data.steps;
}

export async function squadTeams(): Promise<SquadTeam[]> {
  const { data } = await call<{ teams: SquadTeam[] }>(api.GET('/api/v1/jurisdictions/squads'));
  return data.teams;
}

/** Every node of the tree by id (names for the ids lists and cases carry). */
export function nodesById(tree: TreeNode): Map<string, TreeNode> {
  const byId = new Map<string, TreeNode>();
  const walk = (node: TreeNode) => {
    byId.set(node.id, node);
    if (node.handlingUnit)
      byId.set(node.handlingUnit.id, { ...node, name: `${node.name} · ${node.handlingUnit.name}` });
    node.children.forEach(walk);
  };
  walk(tree);
  return byId;
}
