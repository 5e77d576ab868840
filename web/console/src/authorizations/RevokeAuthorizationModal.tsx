/** Revoking an authorization with a reason (POST /authorizations/{id}/revoke); its letter stays. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { linePath, post } from '../api';
import { errorText } from '../components/errors';
import { invalidateAuthorizations } from './CreateAuthorizationModal';
import type { Authorization } from './types';

export function RevokeAuthorizationModal(props: {
  appId: string;
  authorization: Authorization | null;
  onClose: () => void;
}) {
  const { appId, authorization, onClose } = props;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const revoke = useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      post<Authorization>(linePath(appId, `/authorizations/${encodeURIComponent(id)}/revoke`), { reason }),
    onSuccess: () => {
      onClose();
      invalidateAuthorizations(client, appId);
    },
    onError: (e) => void message.error(errorText(e)),
  });
  return (
    <Modal
      open={authorization !== null}
      title={t('authorizations.revokeOf', { name: authorization?.subject.name ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={revoke.isPending}
      okButtonProps={{ danger: true }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(v) => authorization && revoke.mutate({ id: authorization.id, reason: v.reason })}
      >
        <Form.Item name="reason" label={t('authorizations.reason')} rules={[{ required: true, max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
