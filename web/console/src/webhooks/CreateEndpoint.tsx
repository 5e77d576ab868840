/**
 * Registering a webhook endpoint: its URL and the events it receives (`*` for every type, present
 * and future). The answer holds the signing secret, shown once by the caller.
 */
import { useMutation } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { linePath, post } from '../api';
import { errorText, showFieldErrors } from '../components/errors';
// A module of plain data with no imports: the list the server checks subscriptions against.
import { WEBHOOK_EVENT_TYPES } from '../../../../src/shared/webhook-events';
import type { RegisteredWebhook } from './types';

export function CreateEndpointModal(props: {
  appId: string;
  onClose: () => void;
  onCreated: (e: RegisteredWebhook) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ url: string; events: string[] }>();
  const create = useMutation({
    mutationFn: (v: { url: string; events: string[] }) =>
      post<RegisteredWebhook>(linePath(props.appId, '/webhooks'), v),
    onSuccess: props.onCreated,
    onError: (e) => {
      if (!showFieldErrors(form, e)) void message.error(errorText(e));
    },
  });
  return (
    <Modal
      open
      title={t('webhooks.create')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      width={560}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ events: ['*'] }}
        onFinish={(v) => create.mutate({ url: v.url.trim(), events: v.events })}
      >
        <Form.Item name="url" label={t('webhooks.url')} rules={[{ required: true, type: 'url', max: 2048 }]}>
          <Input placeholder={t('webhooks.urlHint')} autoFocus />
        </Form.Item>
        <Form.Item name="events" label={t('webhooks.events')} rules={[{ required: true }]}>
          <Select
            mode="multiple"
            options={[
              { value: '*', label: t('webhooks.allEvents') },
              ...WEBHOOK_EVENT_TYPES.map((e) => ({ value: e, label: e })),
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
