/**
 * Signing scenes (签约场景): how the signing page looks and behaves for the contracts that name a
 * scene — theme colour, logo, reject allowed, forced reading, intent checks, click-wrap text,
 * success text and redirect, origins that may embed it. Edited beside a live picture of the page.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Checkbox,
  ColorPicker,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, get, linePath, post } from '../api';
import { PageHeader } from '../components/PageHeader';
import { ErrorAlert, errorText, showFieldErrors } from '../components/errors';
import { formatTime } from '../lib/format';
import { useAppId } from '../line';
import { ScenePreview } from '../scenes/ScenePreview';
import { settingsOf, valuesOf, type FormValues } from '../scenes/form';
import type { Scene } from '../scenes/types';
import { can, useRole } from '../session';

export function Scenes() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const appId = useAppId();
  const role = useRole();
  const client = useQueryClient();
  const [editing, setEditing] = useState<Scene | 'new' | null>(null);
  const [form] = Form.useForm<FormValues>();
  const watched = Form.useWatch([], form) as FormValues | undefined;
  const scenes = useQuery({
    queryKey: ['scenes', appId],
    queryFn: () => get<{ items: Scene[] }>(linePath(appId, '/scenes')),
  });
  const save = useMutation({
    mutationFn: (v: FormValues) => {
      const body = { name: v.name, settings: settingsOf(v) };
      return editing && editing !== 'new'
        ? api<Scene>('PATCH', linePath(appId, `/scenes/${editing.id}`), body)
        : post<Scene>(linePath(appId, '/scenes'), body);
    },
    onSuccess: () => {
      setEditing(null);
      void message.success(t('common.done'));
      void client.invalidateQueries({ queryKey: ['scenes', appId] });
    },
    onError: (e) => {
      if (!showFieldErrors(form, e)) void message.error(errorText(e));
    },
  });
  const open = (scene: Scene | 'new') => {
    form.setFieldsValue(valuesOf(scene === 'new' ? null : scene));
    setEditing(scene);
  };

  return (
    <>
      <PageHeader
        title={t('scenes.title')}
        extra={
          <>
            {can.change(role) && (
              <Button type="primary" onClick={() => open('new')}>
                {t('common.create')}
              </Button>
            )}
          </>
        }
      />
      <ErrorAlert error={scenes.error} />
      <Table<Scene>
        rowKey="id"
        loading={scenes.isPending}
        dataSource={scenes.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('common.name'), dataIndex: 'name' },
          {
            title: 'ID',
            dataIndex: 'id',
            render: (v: string) => (
              <Typography.Text code copyable>
                {v}
              </Typography.Text>
            ),
          },
          {
            title: t('scenes.summary'),
            render: (_, s) => (
              <Space size={4} wrap>
                {s.settings.themeColor && <Tag color={s.settings.themeColor}>{s.settings.themeColor}</Tag>}
                {s.settings.forcedReading?.seconds ? (
                  <Tag>{t('scenes.readingTag', { seconds: s.settings.forcedReading.seconds })}</Tag>
                ) : null}
                {s.settings.clickwrapText && <Tag>{t('scenes.clickwrapTag')}</Tag>}
                {s.settings.allowReject === false && <Tag>{t('scenes.noRejectTag')}</Tag>}
                {s.settings.requireRealName && <Tag color="blue">{t('scenes.realNameTag')}</Tag>}
                {s.settings.embedOrigins?.length ? <Tag>{t('scenes.embedTag')}</Tag> : null}
              </Space>
            ),
          },
          { title: t('common.updatedAt'), dataIndex: 'updatedAt', render: (v: number) => formatTime(v) },
          {
            title: t('common.actions'),
            render: (_, s) =>
              can.change(role) ? (
                <Button size="small" onClick={() => open(s)}>
                  {t('scenes.edit')}
                </Button>
              ) : null,
          },
        ]}
      />
      <Drawer
        open={editing !== null}
        width={860}
        title={editing === 'new' ? t('scenes.create') : t('scenes.edit')}
        onClose={() => setEditing(null)}
        forceRender
        extra={
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        }
      >
        <Flex gap={32} align="flex-start">
          <Form form={form} layout="vertical" style={{ flex: 1 }} onFinish={(v) => save.mutate(v)}>
            <Form.Item name="name" label={t('common.name')} rules={[{ required: true, max: 100 }]}>
              <Input />
            </Form.Item>
            <Form.Item
              name="themeColor"
              label={t('scenes.themeColor')}
              getValueFromEvent={(c: { toHexString(): string }) => c.toHexString()}
            >
              <ColorPicker showText disabledAlpha />
            </Form.Item>
            <Form.Item
              name="logoUrl"
              label={t('scenes.logoUrl')}
              rules={[{ pattern: /^https?:\/\//, message: t('scenes.urlRule') }]}
            >
              <Input placeholder="https://" />
            </Form.Item>
            <Space size="large">
              <Form.Item name="readingSeconds" label={t('scenes.readingSeconds')}>
                <InputNumber min={0} max={600} />
              </Form.Item>
              <Form.Item name="toLastPage" label={t('scenes.toLastPage')} valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item name="allowReject" label={t('scenes.allowReject')} valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item
                name="requireRealName"
                label={t('scenes.requireRealName')}
                valuePropName="checked"
                tooltip={t('scenes.requireRealNameHelp')}
              >
                <Switch />
              </Form.Item>
            </Space>
            <Form.Item name="intentMethods" label={t('scenes.intentMethods')}>
              <Checkbox.Group
                options={[
                  { value: 'sms', label: t('scenes.sms') },
                  { value: 'email', label: t('scenes.email') },
                ]}
              />
            </Form.Item>
            <Form.Item name="clickwrapText" label={t('scenes.clickwrapText')}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
            <Form.Item name="successText" label={t('scenes.successText')}>
              <Input maxLength={500} />
            </Form.Item>
            <Space size="large" style={{ display: 'flex' }}>
              <Form.Item
                name="redirectUrl"
                label={t('scenes.redirectUrl')}
                rules={[{ pattern: /^https?:\/\//, message: t('scenes.urlRule') }]}
              >
                <Input placeholder="https://" style={{ width: 300 }} />
              </Form.Item>
              <Form.Item name="redirectDelaySeconds" label={t('scenes.redirectDelay')}>
                <InputNumber min={0} max={60} />
              </Form.Item>
            </Space>
            <Form.Item name="embedOrigins" label={t('scenes.embedOrigins')} extra={t('scenes.embedHelp')}>
              <Select mode="tags" tokenSeparators={[' ', ',']} placeholder="https://app.example.com" />
            </Form.Item>
          </Form>
          <div>
            <Typography.Text type="secondary">{t('scenes.preview')}</Typography.Text>
            <div style={{ marginTop: 8 }}>
              <ScenePreview settings={settingsOf(watched ?? valuesOf(null))} name={watched?.name ?? ''} />
            </div>
          </div>
        </Flex>
      </Drawer>
    </>
  );
}
