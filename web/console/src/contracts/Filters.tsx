/**
 * The filters of the contract list, as the API takes them (GET /contracts): status, signer id,
 * template, group, and a creation time range sent as ms (createdFrom ≤ createdAt < createdTo).
 */
import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Form, Input, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { get, linePath, type Page } from '../api';
import { useContractGroups } from './groups';
import { CONTRACT_STATUSES } from './types';

export interface ContractFilter {
  status?: string;
  signerId?: string;
  templateId?: string;
  groupId?: string;
  createdFrom?: number;
  createdTo?: number;
}

interface FormValues {
  status?: string;
  signerId?: string;
  templateId?: string;
  groupId?: string;
  created?: [{ valueOf(): number } | null, { valueOf(): number } | null] | null;
}

/** Templates to choose from: the first 200 (a line has far fewer active templates than that). */
function useTemplateOptions(appId: string) {
  return useQuery({
    queryKey: ['templates', appId, 'options'],
    queryFn: () => get<Page<{ id: string; name: string }>>(linePath(appId, '/templates?limit=200')),
  });
}

const DAY = 86_400_000;

export function ContractFilters(props: { appId: string; onChange: (f: ContractFilter) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const templates = useTemplateOptions(props.appId);
  const groups = useContractGroups(props.appId);
  const apply = (v: FormValues) => {
    const [from, to] = v.created ?? [];
    props.onChange({
      ...(v.status ? { status: v.status } : {}),
      ...(v.signerId?.trim() ? { signerId: v.signerId.trim() } : {}),
      ...(v.templateId ? { templateId: v.templateId } : {}),
      ...(v.groupId ? { groupId: v.groupId } : {}),
      // Whole days: from the first day's midnight to the midnight after the last day.
      ...(from ? { createdFrom: startOfDay(from.valueOf()) } : {}),
      ...(to ? { createdTo: startOfDay(to.valueOf()) + DAY } : {}),
    });
  };
  return (
    <Form form={form} layout="inline" onFinish={apply} style={{ rowGap: 12, marginBottom: 16 }}>
      <Form.Item name="status" label={t('common.status')}>
        <Select
          allowClear
          data-testid="filter-status"
          style={{ width: 120 }}
          placeholder={t('contracts.all')}
          options={CONTRACT_STATUSES.map((s) => ({ value: s, label: t(`contracts.status.${s}`) }))}
        />
      </Form.Item>
      <Form.Item name="signerId" label={t('contracts.signerId')}>
        <Input allowClear style={{ width: 150 }} placeholder={t('contracts.signerIdHint')} />
      </Form.Item>
      <Form.Item name="templateId" label={t('contracts.template')}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 170 }}
          placeholder={t('contracts.all')}
          loading={templates.isPending}
          options={(templates.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
        />
      </Form.Item>
      <Form.Item name="groupId" label={t('contracts.group')}>
        <Select
          allowClear
          style={{ width: 150 }}
          placeholder={t('contracts.all')}
          loading={groups.isPending}
          options={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))}
        />
      </Form.Item>
      <Form.Item name="created" label={t('contracts.createdBetween')}>
        <DatePicker.RangePicker style={{ width: 240 }} />
      </Form.Item>
      <Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              props.onChange({});
            }}
          >
            {t('common.reset')}
          </Button>
        </Space>
      </Form.Item>
    </Form>
  );
}

function startOfDay(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}
