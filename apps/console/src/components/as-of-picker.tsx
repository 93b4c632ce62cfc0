import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import { useI18n } from '../i18n/i18n';

/** A date for `asOf` (the end of that day, CST); never a future day (the API refuses those). */
export function AsOfPicker({
  value,
  onChange,
  id,
}: {
  value?: string;
  onChange(value: string | undefined): void;
  id?: string;
}) {
  const { t } = useI18n();
  return (
    <DatePicker
      id={id}
      value={value ? dayjs(value) : null}
      onChange={(date) => onChange(date ? date.format('YYYY-MM-DD') : undefined)}
      disabledDate={(date) => date.isAfter(dayjs(), 'day')}
      placeholder={t('common.asOf')}
      data-testid="as-of"
    />
  );
}
