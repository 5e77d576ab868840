/**
 * Generating a seal with its live preview: a round seal for an organisation (name along the arc,
 * purpose under the star, seal number) or a square name seal for a person (2–4 characters). With
 * `replacing`, the new seal replaces that one (same subject; the old one is disabled and linked).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, AutoComplete, Col, Form, Input, Modal, Radio, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { linePath, post } from '../api';
import { errorText, showFieldErrors } from '../components/errors';
import { useDictionary } from '../lib/dictionaries';
import { SealPreview } from './SealPreview';
import type { Seal } from './types';

interface Values {
  kind: 'round' | 'square';
  name: string;
  idType: string;
  idNumber: string;
  purpose?: string;
  number?: string;
}

export function GenerateModal(props: { appId: string; replacing?: Seal; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const old = props.replacing;
  const initialKind = old?.subject.kind === 'person' ? 'square' : 'round';
  const kind = Form.useWatch('kind', form) ?? initialKind;
  // Offered from the line's dictionaries (字典管理); anything else may still be typed.
  const personIdTypes = useDictionary('person_id_types');
  const orgIdTypes = useDictionary('organization_id_types');
  const sealTypes = useDictionary('seal_types', (i) => ({ value: i.label, label: i.label }));
  const name = Form.useWatch('name', form);
  const purpose = Form.useWatch('purpose', form);
  const number = Form.useWatch('number', form);

  const save = useMutation({
    mutationFn: (v: Values) => {
      const text = {
        kind: v.kind,
        name: v.name.trim(),
        ...(v.kind === 'round' && v.purpose?.trim() ? { purpose: v.purpose.trim() } : {}),
        ...(v.kind === 'round' && v.number?.trim() ? { number: v.number.trim() } : {}),
      };
      if (old) return post(linePath(props.appId, `/seals/${old.id}/replace`), text);
      const subject = {
        kind: v.kind === 'round' ? 'organization' : 'person',
        idType: v.idType.trim(),
        id: v.idNumber.trim(),
        name: v.name.trim(),
      };
      return post(linePath(props.appId, '/seals'), { ...text, subject });
    },
    onSuccess: () => {
      void message.success(t('common.done'));
      void client.invalidateQueries({ queryKey: ['seals', props.appId] });
      props.onClose();
    },
    onError: (e) => {
      if (!showFieldErrors(form, e)) void message.error(errorText(e));
    },
  });

  return (
    <Modal
      open
      width={720}
      title={old ? t('seals.replaceTitle', { name: old.subject.name }) : t('seals.generate')}
      okText={old ? t('seals.replace') : t('seals.create')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Row gutter={24} wrap={false}>
        <Col flex="auto">
          <Form
            form={form}
            layout="vertical"
            initialValues={{
              kind: initialKind,
              name: old?.subject.name ?? '',
              idType: old?.subject.idType ?? (initialKind === 'round' ? 'USCC' : 'user_id'),
              idNumber: old?.subject.id ?? '',
              purpose: initialKind === 'round' ? '合同专用章' : undefined,
            }}
            onValuesChange={(changed: Partial<Values>) => {
              if (changed.kind && !old)
                form.setFieldsValue({
                  idType: changed.kind === 'round' ? 'USCC' : 'user_id',
                  purpose: changed.kind === 'round' ? '合同专用章' : undefined,
                });
            }}
            onFinish={(v) => save.mutate(v)}
          >
            <Form.Item name="kind" label={t('seals.kind')}>
              <Radio.Group
                disabled={!!old}
                optionType="button"
                options={[
                  { value: 'round', label: t('seals.kinds.round') },
                  { value: 'square', label: t('seals.kinds.square') },
                ]}
              />
            </Form.Item>
            <Form.Item
              name="name"
              label={kind === 'round' ? t('seals.orgName') : t('seals.personName')}
              rules={[{ required: true, whitespace: true, max: kind === 'round' ? 40 : 4 }]}
            >
              <Input disabled={!!old} autoFocus data-testid="seal-name" />
            </Form.Item>
            <Row gutter={12}>
              <Col span={10}>
                <Form.Item name="idType" label={t('seals.idType')} rules={[{ required: true, max: 32 }]}>
                  <AutoComplete
                    disabled={!!old}
                    options={kind === 'round' ? orgIdTypes : personIdTypes}
                    popupMatchSelectWidth={280}
                  />
                </Form.Item>
              </Col>
              <Col span={14}>
                <Form.Item name="idNumber" label={t('seals.idNumber')} rules={[{ required: true, max: 64 }]}>
                  <Input disabled={!!old} />
                </Form.Item>
              </Col>
            </Row>
            {kind === 'round' && (
              <Row gutter={12}>
                <Col span={10}>
                  <Form.Item name="purpose" label={t('seals.purpose')} rules={[{ max: 12 }]}>
                    <AutoComplete options={sealTypes} popupMatchSelectWidth={200} />
                  </Form.Item>
                </Col>
                <Col span={14}>
                  <Form.Item name="number" label={t('seals.number')} rules={[{ max: 24 }]}>
                    <Input />
                  </Form.Item>
                </Col>
              </Row>
            )}
          </Form>
        </Col>
        <Col flex="200px">
          <div style={{ marginBottom: 8 }}>{t('seals.preview')}</div>
          <SealPreview appId={props.appId} text={{ kind, name, purpose, number }} />
        </Col>
      </Row>
    </Modal>
  );
}
