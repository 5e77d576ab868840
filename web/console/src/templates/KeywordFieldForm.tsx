/** A sign field anchored at a keyword of the text (e.g. "甲方（盖章）"), centred on its end plus offsets, in points. */
import { Button, Card, Form, Input, InputNumber, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SignField } from './types';

/** A round organisation seal is 42 mm across: 119 pt. */
const SEAL_PT = 119;

interface Values {
  role: string;
  keyword: string;
  offsetX?: number;
  offsetY?: number;
  width: number;
  height: number;
}

export function KeywordFieldForm(props: { roles: string[]; onAdd: (f: SignField) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const add = (v: Values) => {
    props.onAdd({
      role: v.role,
      keyword: v.keyword.trim(),
      ...(v.offsetX ? { offsetX: v.offsetX } : {}),
      ...(v.offsetY ? { offsetY: v.offsetY } : {}),
      width: v.width,
      height: v.height,
    });
    form.resetFields(['keyword']);
  };
  const required = [{ required: true, message: t('templates.required') }];
  return (
    <Card size="small" title={t('templates.keyword.title')}>
      <Form<Values>
        form={form}
        layout="vertical"
        size="small"
        requiredMark={false}
        initialValues={{ width: SEAL_PT, height: SEAL_PT, offsetX: 0, offsetY: 0 }}
        onFinish={add}
      >
        <Space wrap align="start">
          <Form.Item name="role" label={t('templates.signers.role')} rules={required}>
            <Select style={{ width: 110 }} options={props.roles.map((r) => ({ value: r, label: r }))} />
          </Form.Item>
          <Form.Item
            name="keyword"
            label={t('templates.keyword.keyword')}
            rules={[...required, { max: 100 }]}
          >
            <Input style={{ width: 150 }} placeholder={t('templates.keyword.placeholder')} />
          </Form.Item>
          <Form.Item name="offsetX" label={t('templates.keyword.offsetX')}>
            <InputNumber style={{ width: 80 }} min={-1000} max={1000} />
          </Form.Item>
          <Form.Item name="offsetY" label={t('templates.keyword.offsetY')}>
            <InputNumber style={{ width: 80 }} min={-1000} max={1000} />
          </Form.Item>
          <Form.Item name="width" label={t('templates.keyword.width')} rules={required}>
            <InputNumber style={{ width: 80 }} min={1} max={1000} />
          </Form.Item>
          <Form.Item name="height" label={t('templates.keyword.height')} rules={required}>
            <InputNumber style={{ width: 80 }} min={1} max={1000} />
          </Form.Item>
        </Space>
        <Button htmlType="submit" disabled={props.roles.length === 0}>
          {t('templates.keyword.add')}
        </Button>
      </Form>
    </Card>
  );
}
