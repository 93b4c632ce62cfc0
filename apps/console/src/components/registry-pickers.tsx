import { Select, TreeSelect } from 'antd';
import { useMemo } from 'react';
import { handlingChain, jurisdictionTree, squadTeams, type TreeNode } from '../api/registry';
import { useApi } from '../api/use-api';
import { useI18n } from '../i18n/i18n';

interface TreeOption {
  value: string;
  title: string;
  selectable: boolean;
  children?: TreeOption[];
}

/** The tree without buildings (hundreds of them; cases are located at grids). */
function options(node: TreeNode, selectable: (node: TreeNode) => string | undefined): TreeOption {
  const value = selectable(node);
  return {
    value: value ?? `node:${node.id}`,
    title:
      node.handlingUnit && value === node.handlingUnit.id
        ? `${node.name} · ${node.handlingUnit.name}`
        : node.name,
    selectable: value !== undefined,
    children: node.children
      .filter((child) => child.kind !== 'building')
      .map((child) => options(child, selectable)),
  };
}

/** A grid picked from the jurisdiction tree (district → street → community → grid). */
export function GridPicker({
  value,
  onChange,
  id,
}: {
  value?: string;
  onChange?: (value: string) => void;
  id?: string;
}) {
  const tree = useApi(() => jurisdictionTree(), []);
  const data = useMemo(
    () => (tree.data ? [options(tree.data, (node) => (node.kind === 'grid' ? node.id : undefined))] : []),
    [tree.data],
  );
  return (
    <TreeSelect
      id={id}
      showSearch
      treeNodeFilterProp="title"
      loading={tree.loading}
      value={value}
      onChange={onChange}
      treeData={data}
      treeDefaultExpandedKeys={data.map((root) => root.value)}
      style={{ width: '100%' }}
      popupMatchSelectWidth={false}
      data-testid="grid-picker"
    />
  );
}

export interface UnitValue {
  unitId: string;
  name?: string;
}

/**
 * A handling unit picked from the registry tree: the grid itself (building level), the committee of
 * a community or village, the centre of a street or township, the district centre. With `gridId`
 * the chain that handles that grid is offered first.
 */
export function UnitPicker({
  value,
  onChange,
  gridId,
  id,
}: {
  value?: UnitValue;
  onChange?: (value: UnitValue) => void;
  gridId?: string;
  id?: string;
}) {
  const { term } = useI18n();
  const tree = useApi(() => jurisdictionTree(), []);
  const chain = useApi(() => (gridId ? handlingChain(gridId) : Promise.resolve([])), [gridId]);
  const names = new Map<string, string>();
  const data = useMemo(() => {
    if (!tree.data) return [];
    const selectable = (node: TreeNode) => (node.kind === 'grid' ? node.id : node.handlingUnit?.id);
    const all = options(tree.data, selectable);
    const suggested: TreeOption[] = (chain.data ?? []).map((step) => ({
      value: `chain:${step.handler.id}`,
      title: `${term('level', step.level)} · ${step.node.name}${step.handler.kind === 'unit' ? ` · ${step.handler.name}` : ''}`,
      selectable: true,
    }));
    return suggested.length
      ? [{ value: 'chain', title: '⭐', selectable: false, children: suggested }, all]
      : [all];
  }, [tree.data, chain.data, term]);
  const walk = (items: TreeOption[]) =>
    items.forEach((item) => {
      names.set(item.value.replace(/^chain:/, ''), item.title);
      if (item.children) walk(item.children);
    });
  walk(data);
  return (
    <TreeSelect
      id={id}
      showSearch
      treeNodeFilterProp="title"
      loading={tree.loading}
      value={value?.unitId}
      onChange={(selected: string) => {
        const unitId = selected.replace(/^chain:/, '');
        onChange?.({ unitId, name: names.get(unitId)?.split(' · ').slice(-1)[0] });
      }}
      treeData={data}
      treeDefaultExpandedKeys={data.length > 1 ? ['chain'] : data.map((root) => root.value)}
      style={{ width: '100%' }}
      popupMatchSelectWidth={false}
      data-testid="unit-picker"
    />
  );
}

/** An enforcement squad from the registry's teams. */
export function SquadPicker({
  value,
  onChange,
  id,
}: {
  value?: string;
  onChange?: (value: string) => void;
  id?: string;
}) {
  const teams = useApi(() => squadTeams(), []);
  return (
    <Select
      id={id}
      showSearch
      optionFilterProp="label"
      loading={teams.loading}
      value={value}
      onChange={onChange}
      options={(teams.data ?? []).map((team) => ({
        label: team.name,
        options: team.squads.map((squad) => ({ value: squad.id, label: `${team.name} · ${squad.name}` })),
      }))}
      style={{ width: '100%' }}
      data-testid="squad-picker"
    />
  );
}
