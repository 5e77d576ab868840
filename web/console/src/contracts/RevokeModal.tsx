/** Revoking a contract still waiting for signatures, with the reason the signers and the trail keep. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { linePath, post } from '../api';
import { errorText, showFieldErrors } from '../components/errors';
import type { Contract } from './types';

export function RevokeModal(props: { appId: string; contract: Contract; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const revoke = useMutation({
    mutationFn: (v: { reason: string }) =>
      post<Contract>(linePath(props.appId, `/contracts/${encodeURIComponent(props.contract.id)}/revoke`), v),
    onSuccess: () => {
      void message.success(t('contracts.revoke.done'));
      void client.invalidateQueries({ queryKey: ['contract', props.appId, props.contract.id] });
      void client.invalidateQueries({ queryKey: ['contract-audit', props.appId, props.contract.id] });
      void client.invalidateQueries({ queryKey: ['contracts', props.appId] });
      props.onClose();
    },
    onError: (e) => {
      if (!showFieldErrors(form, e)) void message.error(errorText(e));
    },
  });
  return (
    <Modal
      open
      title={t('contracts.revoke.title', { title: props.contract.title })}
      okText={t('contracts.revoke.button')}
      okButtonProps={{ danger: true }}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={revoke.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => revoke.mutate(v)}>
        <Form.Item
          name="reason"
          label={t('contracts.revoke.reason')}
          rules={[
            { required: true, whitespace: true, message: t('contracts.revoke.reasonRequired') },
            { max: 500 },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
