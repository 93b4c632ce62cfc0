import { Button, Card, DatePicker, Form, Input, InputNumber, Select, Switch } from 'antd';
import { useState, type ReactElement } from 'react';
import { fieldLabel } from '../i18n/field-names';
import { useI18n } from '../i18n/i18n';
import { translateTerm } from '../i18n/messages';
import { bodyFromValues, type FormField } from './openapi-schema';

/** Enum values are shown in words when the catalogue knows them (level, urgency, source, …). */
const ENUM_GROUPS = ['level', 'urgency', 'source', 'caseType', 'status', 'stage', 'role', 'enum'];

/** An input of our own for a field the registry answers better than a text box (grid, unit, squad). */
export type Widget = (field: FormField) => ReactElement;

export interface SchemaFormProps {
  fields: readonly FormField[];
  onSubmit(body: Record<string, unknown>): Promise<void> | void;
  submitLabel: string;
  /** Keyed by the field's path joined with dots, e.g. `unit` or `location.gridId`. */
  widgets?: Record<string, Widget>;
  /** Fields the screen fills itself (not shown, not sent unless in `fixed`). */
  hidden?: readonly string[];
  fixed?: Record<string, unknown>;
  initialValues?: Record<string, unknown>;
  testId?: string;
}

/**
 * A form generated from a request body's JSON schema in the OpenAPI document: one input per field,
 * nested objects as groups, lists of objects as repeatable groups, labels in the chosen language,
 * required fields marked. The API stays the judge: its problem+json answer names the fields to fix.
 */
export function SchemaForm({
  fields,
  onSubmit,
  submitLabel,
  widgets = {},
  hidden = [],
  fixed = {},
  initialValues,
  testId,
}: SchemaFormProps) {
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const shown = fields.filter((field) => !hidden.includes(field.path.join('.')));
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={initialValues}
      data-testid={testId}
      onFinish={async (values: Record<string, unknown>) => {
        setBusy(true);
        try {
          await onSubmit({ ...bodyFromValues(shown, values), ...fixed });
        } finally {
          setBusy(false);
        }
      }}
    >
      {shown.map((field) => (
        <FieldInput
          key={field.path.join('.')}
          field={field}
          name={[field.name]}
          widgets={widgets}
          hidden={hidden}
        />
      ))}
      <Button type="primary" htmlType="submit" loading={busy}>
        {submitLabel}
      </Button>
    </Form>
  );
}

function FieldInput({
  field,
  name,
  widgets,
  hidden,
  optionalParent = false,
}: {
  field: FormField;
  name: Array<string | number>;
  widgets: Record<string, Widget>;
  hidden: readonly string[];
  /** Inside an optional group its fields are required only by the API, once the group is sent. */
  optionalParent?: boolean;
}) {
  const { language, t } = useI18n();
  const label = fieldLabel(language, field.name);
  const required = field.required && !optionalParent;
  const rules = [
    ...(required ? [{ required: true, message: t('login.required') }] : []),
    ...(field.maxLength ? [{ max: field.maxLength }] : []),
  ];
  const widget = widgets[field.path.join('.')];
  const help = field.description;
  const common = { label, name, rules, tooltip: help, key: name.join('.') };
  if (widget) return <Form.Item {...common}>{widget(field)}</Form.Item>;
  switch (field.kind) {
    case 'object':
      return (
        <fieldset
          style={{ border: '1px solid #d9d9d9', borderRadius: 6, padding: '8px 12px', marginBottom: 16 }}
        >
          <legend style={{ fontSize: 14, width: 'auto', padding: '0 4px', margin: 0, border: 0 }}>
            {label}
            {required ? ' *' : ''}
          </legend>
          {(field.children ?? [])
            .filter((child) => !hidden.includes(child.path.join('.')))
            .map((child) => (
              <FieldInput
                key={child.name}
                field={child}
                name={[...name, child.name]}
                widgets={widgets}
                hidden={hidden}
                optionalParent={optionalParent || !field.required}
              />
            ))}
        </fieldset>
      );
    case 'list':
      return (
        <Form.List name={name} initialValue={field.required ? [{}] : []}>
          {(items, { add, remove }) => (
            <fieldset
              style={{ border: '1px solid #d9d9d9', borderRadius: 6, padding: '8px 12px', marginBottom: 16 }}
            >
              <legend style={{ fontSize: 14, width: 'auto', padding: '0 4px', margin: 0, border: 0 }}>
                {label}
                {required ? ' *' : ''}
              </legend>
              {items.map((item, index) => (
                <Card
                  size="small"
                  key={item.key}
                  style={{ marginBottom: 8 }}
                  title={`${label} ${index + 1}`}
                  extra={
                    <Button size="small" onClick={() => remove(item.name)}>
                      {t('form.remove')}
                    </Button>
                  }
                >
                  {(field.children ?? []).map((child) => (
                    <FieldInput
                      key={child.name}
                      field={{ ...child, path: [...field.path, child.name] }}
                      name={[item.name, child.name]}
                      widgets={widgets}
                      hidden={hidden}
                    />
                  ))}
                </Card>
              ))}
              <Button size="small" onClick={() => add({})}>
                {t('form.add')} {label}
              </Button>
            </fieldset>
          )}
        </Form.List>
      );
    case 'enum':
      return (
        <Form.Item {...common}>
          <Select
            allowClear={!required}
            options={(field.options ?? []).map((value) => ({
              value,
              label: enumLabel(language, String(value)),
            }))}
          />
        </Form.Item>
      );
    case 'boolean':
      return (
        <Form.Item {...common} valuePropName="checked">
          <Switch />
        </Form.Item>
      );
    case 'integer':
    case 'number':
      return (
        <Form.Item {...common}>
          <InputNumber
            style={{ width: '100%' }}
            min={field.minimum}
            max={field.maximum}
            precision={field.kind === 'integer' ? 0 : undefined}
          />
        </Form.Item>
      );
    case 'date':
      return (
        <Form.Item {...common}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      );
    case 'dateTime':
      return (
        <Form.Item {...common}>
          <DatePicker showTime style={{ width: '100%' }} />
        </Form.Item>
      );
    case 'tags':
      return (
        <Form.Item {...common}>
          <Select
            mode={field.options ? 'multiple' : 'tags'}
            options={field.options?.map((value) => ({ value, label: enumLabel(language, String(value)) }))}
            open={field.options ? undefined : false}
            suffixIcon={null}
          />
        </Form.Item>
      );
    case 'json':
      return (
        <Form.Item
          {...common}
          rules={[
            ...rules,
            {
              validator: async (_rule, value: string | undefined) => {
                if (value) JSON.parse(value);
              },
              message: t('form.invalidJson'),
            },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} placeholder="{ }" />
        </Form.Item>
      );
    case 'longText':
      return (
        <Form.Item {...common}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={field.maxLength} />
        </Form.Item>
      );
    default:
      return (
        <Form.Item {...common}>
          <Input maxLength={field.maxLength} />
        </Form.Item>
      );
  }
}

function enumLabel(language: 'zh' | 'en', value: string): string {
  for (const group of ENUM_GROUPS) {
    const words = translateTerm(language, group, value);
    if (words !== value) return `${words} (${value})`;
  }
  return value;
}
