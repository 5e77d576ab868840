/**
 * Contract groups (合同组) on the list page: the groups of the line as select options, a new group
 * by name, and moving the selected contracts into a group (all or none, at most 100 at a time:
 * POST /contract-groups/:id/contracts).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { get, linePath, post } from '../api';
import { errorText, showFieldErrors } from '../components/errors';
import type { ContractGroup } from './types';

export function useContractGroups(appId: string) {
  return useQuery({
    queryKey: ['contract-groups', appId],
    queryFn: () => get<{ items: ContractGroup[] }>(linePath(appId, '/contract-groups')),
  });
}

export function CreateGroupModal(props: { appId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ name: string }>();
  const create = useMutation({
    mutationFn: (v: { name: string }) => post<ContractGroup>(linePath(props.appId, '/contract-groups'), v),
    onSuccess: () => {
      void message.success(t('common.done'));
      void client.invalidateQueries({ queryKey: ['contract-groups', props.appId] });
      props.onClose();
    },
    onError: (e) => {
      if (!showFieldErrors(form, e)) void message.error(errorText(e));
    },
  });
  return (
    <Modal
      open
      title={t('contracts.groups.create')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
        <Form.Item name="name" label={t('contracts.groups.name')} rules={[{ required: true, max: 200 }]}>
          <Input autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function MoveToGroupModal(props: {
  appId: string;
  contractIds: string[];
  onClose: (moved: boolean) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const groups = useContractGroups(props.appId);
  const [form] = Form.useForm<{ groupId: string }>();
  const move = useMutation({
    mutationFn: (v: { groupId: string }) =>
      post(linePath(props.appId, `/contract-groups/${encodeURIComponent(v.groupId)}/contracts`), {
        contractIds: props.contractIds,
      }),
    onSuccess: () => {
      void message.success(t('common.done'));
      void client.invalidateQueries({ queryKey: ['contracts', props.appId] });
      props.onClose(true);
    },
    onError: (e) => void message.error(errorText(e)),
  });
  return (
    <Modal
      open
      title={t('contracts.groups.moveTitle', { count: props.contractIds.length })}
      onCancel={() => props.onClose(false)}
      onOk={() => form.submit()}
      confirmLoading={move.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => move.mutate(v)}>
        <Form.Item name="groupId" label={t('contracts.groups.group')} rules={[{ required: true }]}>
          <Select
            loading={groups.isPending}
            options={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))}
            notFoundContent={t('contracts.groups.none')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
