/**
 * Notification settings (通知配置): the business line's own wording of each message Hetong sends
 * for it — the intent code, the invitation, the reminder and word of completion, by SMS and by
 * e-mail, each with when it is sent — with the placeholders it may
 * use, a preview filled with sample values, "back to the built-in wording", and a test send.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Popconfirm, Space, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, get, linePath, post } from '../api';
import { PageHeader } from '../components/PageHeader';
import { ErrorAlert, errorText, showFieldErrors } from '../components/errors';
import { formatTime } from '../lib/format';
import { useAppId } from '../line';
import { can, useRole } from '../session';

/** In the order a signer meets them (the server lists them in this order too). */
const TEMPLATES = ['intent_code', 'sign_invitation', 'sign_reminder', 'contract_completed'] as const;

interface NotificationText {
  template: (typeof TEMPLATES)[number];
  channel: 'sms' | 'email';
  placeholders: string[];
  required: string[];
  custom: { subject?: string; text: string; updatedBy: string; updatedAt: number } | null;
  preview: { subject?: string; text: string };
}

function TextEditor({ item }: { item: NotificationText }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const appId = useAppId();
  const editable = can.change(useRole());
  const client = useQueryClient();
  const [form] = Form.useForm<{ subject?: string; text: string }>();
  const [testForm] = Form.useForm<{ to: string }>();
  const path = linePath(appId, `/notification-texts/${item.template}/${item.channel}`);
  const refresh = () => client.invalidateQueries({ queryKey: ['notification-texts', appId] });
  const save = useMutation({
    mutationFn: (v: { subject?: string; text: string }) => api<NotificationText>('PUT', path, v),
    onSuccess: () => {
      void message.success(t('notifications.saved'));
      void refresh();
    },
    onError: (e) => {
      if (!showFieldErrors(form, e)) void message.error(errorText(e));
    },
  });
  const reset = useMutation({
    mutationFn: () => api<void>('DELETE', path),
    onSuccess: () => {
      form.resetFields();
      void refresh();
    },
    onError: (e) => void message.error(errorText(e)),
  });
  const test = useMutation({
    mutationFn: (v: { to: string }) => post<{ sent: boolean }>(`${path}/test`, v),
    onSuccess: () => void message.success(t('notifications.testSent')),
    onError: (e) => {
      if (!showFieldErrors(testForm, e)) void message.error(errorText(e));
    },
  });
  const insert = (name: string) => {
    const text = form.getFieldValue('text') ?? '';
    form.setFieldsValue({ text: `${text}{${name}}` });
  };

  return (
    <div data-testid={`text-${item.template}-${item.channel}`}>
      <Space style={{ marginBottom: 8 }} wrap>
        {item.custom ? (
          <Tag color="blue">
            {t('notifications.own')} · {formatTime(item.custom.updatedAt)}
          </Tag>
        ) : (
          <Tag>{t('notifications.builtin')}</Tag>
        )}
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
        {t('notifications.preview')}
      </Typography.Paragraph>
      <div
        data-testid="preview"
        style={{
          whiteSpace: 'pre-wrap',
          background: '#f5f6f8',
          padding: 12,
          borderRadius: 6,
          marginBottom: 16,
        }}
      >
        {item.preview.subject && <strong style={{ display: 'block' }}>{item.preview.subject}</strong>}
        {item.preview.text}
      </div>
      <Form
        form={form}
        name={`text-${item.template}-${item.channel}`}
        layout="vertical"
        disabled={!editable}
        initialValues={{ subject: item.custom?.subject, text: item.custom?.text ?? '' }}
        onFinish={(v) =>
          save.mutate({
            ...(item.channel === 'email' && v.subject ? { subject: v.subject } : {}),
            text: v.text,
          })
        }
      >
        {item.channel === 'email' && (
          <Form.Item name="subject" label={t('notifications.subject')} rules={[{ max: 200 }]}>
            <Input placeholder={t('notifications.subjectHint')} />
          </Form.Item>
        )}
        <Form.Item
          name="text"
          label={t('notifications.text')}
          extra={
            <Space size={4} wrap style={{ marginTop: 6 }}>
              {t('notifications.placeholders')}
              {item.placeholders.map((p) => (
                <Button key={p} size="small" onClick={() => insert(p)} disabled={!editable}>
                  {`{${p}}`}
                  {item.required.includes(p) ? ' *' : ''}
                </Button>
              ))}
            </Space>
          }
          rules={[{ required: true, max: item.channel === 'sms' ? 300 : 5000 }]}
        >
          <Input.TextArea
            rows={item.channel === 'sms' ? 3 : 6}
            showCount
            maxLength={item.channel === 'sms' ? 300 : 5000}
          />
        </Form.Item>
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
          {item.custom && (
            <Popconfirm title={t('notifications.resetConfirm')} onConfirm={() => reset.mutate()}>
              <Button>{t('notifications.reset')}</Button>
            </Popconfirm>
          )}
        </Space>
      </Form>
      {editable && (
        <Form
          form={testForm}
          name={`test-${item.template}-${item.channel}`}
          layout="inline"
          style={{ marginTop: 16 }}
          onFinish={(v) => test.mutate(v)}
        >
          <Form.Item name="to" rules={[{ required: true }]}>
            <Input
              placeholder={
                item.channel === 'sms' ? t('notifications.testPhone') : t('notifications.testEmail')
              }
              aria-label={t('notifications.testTo')}
              style={{ width: 240 }}
            />
          </Form.Item>
          <Button htmlType="submit" loading={test.isPending}>
            {t('notifications.testSend')}
          </Button>
        </Form>
      )}
    </div>
  );
}

export function Notifications() {
  const { t } = useTranslation();
  const appId = useAppId();
  const list = useQuery({
    queryKey: ['notification-texts', appId],
    queryFn: () => get<{ items: NotificationText[] }>(linePath(appId, '/notification-texts')),
  });
  const items = list.data?.items ?? [];
  return (
    <>
      <PageHeader title={t('notifications.title')} />
      <Typography.Paragraph type="secondary">{t('notifications.help')}</Typography.Paragraph>
      <ErrorAlert error={list.error} />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        {TEMPLATES.map((template) => (
          <Card
            key={template}
            title={t(`notifications.templates.${template}`)}
            loading={list.isPending}
            data-testid={`template-${template}`}
          >
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
              {t(`notifications.when.${template}`)}
            </Typography.Paragraph>
            <Tabs
              items={items
                .filter((i) => i.template === template)
                .map((i) => ({
                  key: i.channel,
                  label: t(`notifications.channels.${i.channel}`),
                  children: (
                    <TextEditor
                      key={`${appId}-${i.template}-${i.channel}-${i.custom?.updatedAt ?? 0}`}
                      item={i}
                    />
                  ),
                }))}
            />
          </Card>
        ))}
      </Space>
    </>
  );
}
