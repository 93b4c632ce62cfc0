import { Card, Space, Tree, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { jurisdictionTree, type TreeNode } from '../api/registry';
import { useApi } from '../api/use-api';
import { AsOfPicker } from '../components/as-of-picker';
import { ProblemAlert } from '../components/problem-alert';
import { useI18n } from '../i18n/i18n';

interface TreeItem {
  key: string;
  title: string;
  children?: TreeItem[];
}

const KIND_WORDS: Record<string, { zh: string; en: string }> = {
  district: { zh: '区', en: 'district' },
  street: { zh: '街道', en: 'street' },
  township: { zh: '乡镇', en: 'township' },
  community: { zh: '社区', en: 'community' },
  village: { zh: '村', en: 'village' },
  grid: { zh: '网格', en: 'grid' },
  building: { zh: '楼栋', en: 'building' },
};

/** The jurisdiction tree as the registry stood on a date (district → streets → communities → grids → buildings). */
export default function JurisdictionsPage() {
  const { t, language } = useI18n();
  const [asOf, setAsOf] = useState<string | undefined>();
  const tree = useApi(() => jurisdictionTree(asOf), [asOf]);
  const { items, count } = useMemo(() => {
    let count = 0;
    const toItem = (node: TreeNode): TreeItem => {
      count++;
      const kind = KIND_WORDS[node.kind]?.[language] ?? node.kind;
      const unit = node.handlingUnit ? ` · ${node.handlingUnit.name}` : '';
      return {
        key: node.id,
        title: `${node.name}（${kind} ${node.code}）${unit}`,
        children: node.children.length ? node.children.map(toItem) : undefined,
      };
    };
    return { items: tree.data ? [toItem(tree.data)] : [], count };
  }, [tree.data, language]);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
        {t('admin.treeAsOf')}
      </Typography.Title>
      <div>
        <label htmlFor="tree-as-of">{t('common.asOf')}</label>{' '}
        <AsOfPicker id="tree-as-of" value={asOf} onChange={setAsOf} />
        <Typography.Text style={{ marginInlineStart: 12 }} data-testid="tree-count">
          {t('admin.nodes')}: {count}
        </Typography.Text>
      </div>
      <ProblemAlert error={tree.error} />
      <Card size="small" loading={tree.loading}>
        {items.length ? (
          <Tree
            treeData={items}
            defaultExpandedKeys={items.map((item) => item.key)}
            height={560}
            virtual
            data-testid="jurisdiction-tree"
          />
        ) : null}
      </Card>
    </Space>
  );
}
