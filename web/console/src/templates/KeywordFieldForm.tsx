/** A sign field anchored at a keyword of the text (e.g. "甲方（盖章）"), centred on its end plus offsets, in points. */
import { Button, Card, Col, Form, Input, InputNumber, Row, Select } from 'antd';
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
        <Row gutter={8}>
          <Col span={9}>
            <Form.Item name="role" label={t('templates.signers.role')} rules={required}>
              <Select options={props.roles.map((r) => ({ value: r, label: r }))} />
            </Form.Item>
          </Col>
          <Col span={15}>
            <Form.Item
              name="keyword"
              label={t('templates.keyword.keyword')}
              rules={[...required, { max: 100 }]}
            >
              <Input placeholder={t('templates.keyword.placeholder')} />
            </Form.Item>
          </Col>
          {(['offsetX', 'offsetY', 'width', 'height'] as const).map((k) => (
            <Col span={6} key={k}>
              <Form.Item
                name={k}
                label={t(`templates.keyword.${k}`)}
                rules={k === 'width' || k === 'height' ? required : []}
              >
                <InputNumber style={{ width: '100%' }} min={k.startsWith('offset') ? -1000 : 1} max={1000} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Button htmlType="submit" disabled={props.roles.length === 0}>
          {t('templates.keyword.add')}
        </Button>
      </Form>
    </Card>
  );
}
