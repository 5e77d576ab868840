/**
 * The form that records a new authorization (POST /authorizations): the organisation, whom it
 * authorises (the platform, or a person with a mobile for the intent code), the templates and the
 * period. Given an `organization` (the delegators page), that part is filled in and fixed.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, DatePicker, Form, Input, Modal, Radio, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { get, linePath, post, query, type Page } from '../api';
import { errorText, showFieldErrors } from '../components/errors';
import type { Authorization, Organization } from './types';

interface FormValues {
  name: string;
  idType: string;
  id: string;
  delegateKind: 'platform' | 'person';
  delegateName?: string;
  delegateIdType?: string;
  delegateId?: string;
  delegateMobile?: string;
  templateIds?: string[];
  period: [Dayjs, Dayjs];
}

/** What a change of authorizations makes stale: their lists and the delegators grouped from them. */
export function invalidateAuthorizations(client: ReturnType<typeof useQueryClient>, appId: string) {
  void client.invalidateQueries({ queryKey: ['authorizations', appId] });
  void client.invalidateQueries({ queryKey: ['delegators', appId] });
}

export function CreateAuthorizationModal(props: {
  appId: string;
  open: boolean;
  onClose: () => void;
  organization?: Organization;
}) {
  const { appId, open, onClose, organization } = props;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const templates = useQuery({
    queryKey: ['templates', appId, 'active-options'],
    queryFn: () =>
      get<Page<{ id: string; name: string }>>(
        linePath(appId, `/templates${query({ status: 'active', limit: 200 })}`),
      ),
    enabled: open,
  });
  const create = useMutation({
    mutationFn: (v: FormValues) =>
      post<Authorization>(linePath(appId, '/authorizations'), {
        subject: { kind: 'organization', name: v.name, idType: v.idType, id: v.id },
        delegate:
          v.delegateKind === 'person'
            ? {
                kind: 'person',
                subject: {
                  kind: 'person',
                  name: v.delegateName,
                  idType: v.delegateIdType,
                  id: v.delegateId,
                  mobile: v.delegateMobile,
                },
              }
            : { kind: 'platform' },
        templateIds: v.templateIds?.length ? v.templateIds : null,
        validFrom: v.period[0].startOf('day').valueOf(),
        validTo: v.period[1].endOf('day').valueOf(),
      }),
    onSuccess: () => {
      onClose();
      invalidateAuthorizations(client, appId);
    },
    onError: (e) => {
      if (!showFieldErrors(form, e)) void message.error(errorText(e));
    },
  });
  const delegateKind = Form.useWatch('delegateKind', form);
  const fixed = organization !== undefined;

  return (
    <Modal
      open={open}
      title={
        organization ? t('authorizations.createFor', { name: organization.name }) : t('authorizations.create')
      }
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{
          idType: 'USCC',
          ...organization,
          delegateKind: 'platform',
          delegateIdType: 'ID_CARD',
        }}
        onFinish={(v) => create.mutate(v)}
      >
        <Form.Item name="name" label={t('authorizations.orgName')} rules={[{ required: true, max: 200 }]}>
          <Input disabled={fixed} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item
            name="idType"
            label={t('authorizations.idType')}
            rules={[{ required: true }]}
            style={{ width: 140 }}
          >
            <Input disabled={fixed} />
          </Form.Item>
          <Form.Item
            name="id"
            label={t('authorizations.orgId')}
            rules={[{ required: true, max: 128 }]}
            style={{ flex: 1 }}
          >
            <Input disabled={fixed} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="delegateKind" label={t('authorizations.delegate')}>
          <Radio.Group
            options={[
              { value: 'platform', label: t('authorizations.platform') },
              { value: 'person', label: t('authorizations.person') },
            ]}
          />
        </Form.Item>
        {delegateKind === 'person' && (
          <>
            <Form.Item
              name="delegateName"
              label={t('authorizations.personName')}
              rules={[{ required: true, max: 200 }]}
            >
              <Input />
            </Form.Item>
            <Space.Compact block>
              <Form.Item
                name="delegateIdType"
                label={t('authorizations.personIdType')}
                rules={[{ required: true }]}
                style={{ width: 140 }}
              >
                <Input />
              </Form.Item>
              <Form.Item
                name="delegateId"
                label={t('authorizations.personId')}
                rules={[{ required: true, max: 128 }]}
                style={{ flex: 1 }}
              >
                <Input />
              </Form.Item>
            </Space.Compact>
            <Form.Item
              name="delegateMobile"
              label={t('authorizations.personMobile')}
              extra={t('authorizations.personMobileHelp')}
              rules={[{ required: true, max: 32 }]}
            >
              <Input />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="templateIds"
          label={t('authorizations.templates')}
          extra={t('authorizations.templatesHelp')}
        >
          <Select
            mode="multiple"
            loading={templates.isPending}
            options={(templates.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
          />
        </Form.Item>
        <Form.Item name="period" label={t('authorizations.period')} rules={[{ required: true }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
