/**
 * The filters above a list: its fields in one wrapping row, then "search" (hands the values to
 * `onSearch`) and "reset" (clears the fields and searches with none).
 */
import { Button, Form, Space, type FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function FilterBar<V extends object>(props: {
  form: FormInstance<V>;
  onSearch: (values: Partial<V>) => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Form
      form={props.form}
      layout="inline"
      onFinish={(v: V) => props.onSearch(v)}
      style={{ marginBottom: 16, rowGap: 8 }}
    >
      {props.children}
      <Space>
        <Button type="primary" htmlType="submit">
          {t('common.search')}
        </Button>
        <Button
          onClick={() => {
            props.form.resetFields();
            props.onSearch({});
          }}
        >
          {t('common.reset')}
        </Button>
      </Space>
    </Form>
  );
}
