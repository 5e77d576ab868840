/**
 * Dictionaries (字典管理): the business line's lists of values over the platform's built-in ones.
 * Pick a list on the left, edit its items on the right; saving a built-in list makes it the line's
 * own, and deleting the line's own list brings the built-in one back. Other forms of the console
 * offer these values (lib/dictionaries.ts).
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, get, linePath } from '../api';
import { PageHeader } from '../components/PageHeader';
import { ErrorAlert, errorText, showFieldErrors } from '../components/errors';
import { formatTime } from '../lib/format';
import { useAppId } from '../line';
import { type Dictionary } from '../lib/dictionaries';
import { can, useRole } from '../session';

interface Editing {
  name: string;
  description?: string;
  items: Dictionary['items'];
}

export function Dictionaries() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const appId = useAppId();
  const role = useRole();
  const client = useQueryClient();
  const editable = can.change(role);
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<Editing>();
  const [newForm] = Form.useForm<{ code: string; name: string }>();
  const list = useQuery({
    queryKey: ['dictionaries', appId],
    queryFn: () => get<{ items: Dictionary[] }>(linePath(appId, '/dictionaries')),
  });
  const items = list.data?.items ?? [];
  const current = items.find((d) => d.code === selected) ?? items[0];
  useEffect(() => {
    if (current)
      form.setFieldsValue({ name: current.name, description: current.description, items: current.items });
  }, [current, form]);
  const refresh = () => client.invalidateQueries({ queryKey: ['dictionaries', appId] });
  const save = useMutation({
    mutationFn: ({ code, body }: { code: string; body: Editing }) =>
      api<Dictionary>('PUT', linePath(appId, `/dictionaries/${code}`), body),
    onSuccess: (d) => {
      void message.success(t('dictionaries.saved', { name: d.name }));
      setSelected(d.code);
      setCreating(false);
      void refresh();
    },
    onError: (e) => {
      if (!showFieldErrors(form, e)) void message.error(errorText(e));
    },
  });
  const remove = useMutation({
    mutationFn: (code: string) => api<void>('DELETE', linePath(appId, `/dictionaries/${code}`)),
    onSuccess: () => void refresh(),
    onError: (e) => void message.error(errorText(e)),
  });

  return (
    <>
      <PageHeader
        title={t('dictionaries.title')}
        extra={
          editable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('dictionaries.create')}
            </Button>
          )
        }
      />
      <ErrorAlert error={list.error} />
      <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start', flexWrap: 'wrap' }}>
        <Card size="small" style={{ width: 280, flex: 'none' }} loading={list.isPending}>
          <List
            dataSource={items}
            renderItem={(d) => (
              <List.Item
                onClick={() => setSelected(d.code)}
                style={{
                  cursor: 'pointer',
                  paddingInline: 8,
                  background: d.code === current?.code ? 'var(--ant-color-primary-bg, #e6f4ff)' : undefined,
                }}
                data-testid={`dictionary-${d.code}`}
              >
                <List.Item.Meta
                  title={d.name}
                  description={
                    <Space size={4}>
                      <Typography.Text code>{d.code}</Typography.Text>
                      {d.builtin && <Tag>{t('dictionaries.builtin')}</Tag>}
                    </Space>
                  }
                />
                <Typography.Text type="secondary">{d.items.length}</Typography.Text>
              </List.Item>
            )}
          />
        </Card>
        <Card
          size="small"
          style={{ flex: 1, minWidth: 360 }}
          title={current ? `${current.name} · ${current.code}` : ''}
          extra={
            current &&
            (current.builtin ? (
              <Typography.Text type="secondary">{t('dictionaries.builtinHelp')}</Typography.Text>
            ) : (
              <Space>
                <Typography.Text type="secondary">{formatTime(current.updatedAt)}</Typography.Text>
                {editable && (
                  <Popconfirm
                    title={t('dictionaries.deleteConfirm')}
                    onConfirm={() => remove.mutate(current.code)}
                  >
                    <Button danger size="small">
                      {t('dictionaries.delete')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ))
          }
        >
          {!current ? (
            <Empty />
          ) : (
            <Form
              form={form}
              name="dictionary"
              layout="vertical"
              disabled={!editable}
              onFinish={(v) => save.mutate({ code: current.code, body: v })}
            >
              <Form.Item name="name" label={t('dictionaries.name')} rules={[{ required: true, max: 100 }]}>
                <Input />
              </Form.Item>
              <Form.List name="items">
                {(fields, { add, remove: removeItem }) => (
                  <>
                    {fields.map((f) => (
                      <Space key={f.key} align="baseline" wrap style={{ display: 'flex' }}>
                        <Form.Item
                          name={[f.name, 'value']}
                          rules={[
                            {
                              required: true,
                              pattern: /^[A-Za-z0-9_.:-]{1,64}$/,
                              message: t('dictionaries.valueRule'),
                            },
                          ]}
                        >
                          <Input
                            placeholder={t('dictionaries.value')}
                            style={{ width: 200 }}
                            aria-label={t('dictionaries.value')}
                          />
                        </Form.Item>
                        <Form.Item name={[f.name, 'label']} rules={[{ required: true, max: 100 }]}>
                          <Input
                            placeholder={t('dictionaries.label')}
                            style={{ width: 220 }}
                            aria-label={t('dictionaries.label')}
                          />
                        </Form.Item>
                        {/* The switch says "in use": it shows the opposite of the stored `disabled`. */}
                        <Form.Item
                          name={[f.name, 'disabled']}
                          valuePropName="checked"
                          getValueProps={(v?: boolean) => ({ checked: !v })}
                          normalize={(checked: boolean) => !checked}
                        >
                          <Switch
                            checkedChildren={t('dictionaries.on')}
                            unCheckedChildren={t('dictionaries.off')}
                          />
                        </Form.Item>
                        <Button
                          type="text"
                          icon={<DeleteOutlined />}
                          aria-label={t('dictionaries.removeItem')}
                          onClick={() => removeItem(f.name)}
                        />
                      </Space>
                    ))}
                    <Space>
                      <Button icon={<PlusOutlined />} onClick={() => add({ value: '', label: '' })}>
                        {t('dictionaries.addItem')}
                      </Button>
                      <Button type="primary" htmlType="submit" loading={save.isPending}>
                        {t('common.save')}
                      </Button>
                    </Space>
                  </>
                )}
              </Form.List>
            </Form>
          )}
        </Card>
      </div>
      <Modal
        open={creating}
        title={t('dictionaries.create')}
        onCancel={() => setCreating(false)}
        onOk={() => newForm.submit()}
        confirmLoading={save.isPending}
        destroyOnHidden
      >
        <Form
          form={newForm}
          name="new-dictionary"
          layout="vertical"
          preserve={false}
          onFinish={(v) => save.mutate({ code: v.code, body: { name: v.name, items: [] } })}
        >
          <Form.Item
            name="code"
            label={t('dictionaries.code')}
            extra={t('dictionaries.codeHelp')}
            rules={[
              { required: true, pattern: /^[a-z][a-z0-9_]{1,39}$/, message: t('dictionaries.codeHelp') },
            ]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="name" label={t('dictionaries.name')} rules={[{ required: true, max: 100 }]}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
