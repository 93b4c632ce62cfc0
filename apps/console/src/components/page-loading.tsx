import { Spin } from 'antd';
import { useI18n } from '../i18n/i18n';

export function PageLoading() {
  const { t } = useI18n();
  return (
    <div style={{ padding: 48, textAlign: 'center' }} role="status">
      <Spin /> <span style={{ marginInlineStart: 8 }}>{t('app.loading')}</span>
    </div>
  );
}
