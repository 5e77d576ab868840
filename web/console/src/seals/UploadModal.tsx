/**
 * Uploading a seal image (PNG or JPEG, ≤ 3 MB) for a subject, dropped or chosen; a scan on white
 * paper can have its background made transparent. With `replacing`, the image replaces that seal.
 */
import { InboxOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Checkbox, Col, Form, Input, Modal, Radio, Row, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { linePath, post } from '../api';
import { errorText } from '../components/errors';
import type { Seal, SealSubject } from './types';

interface Values {
  subjectKind: SealSubject['kind'];
  name: string;
  idType: string;
  idNumber: string;
  removeBackground: boolean;
}

export function UploadModal(props: { appId: string; replacing?: Seal; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [file, setFile] = useState<File | null>(null);
  const old = props.replacing;
  const upload = useMutation({
    mutationFn: (v: Values) => {
      const body = new FormData();
      body.set('file', file!);
      body.set('removeBackground', String(v.removeBackground));
      if (old) {
        body.set('kind', 'uploaded');
        return post(linePath(props.appId, `/seals/${old.id}/replace`), body);
      }
      const subject: SealSubject = {
        kind: v.subjectKind,
        idType: v.idType.trim(),
        id: v.idNumber.trim(),
        name: v.name.trim(),
      };
      body.set('subject', JSON.stringify(subject));
      return post(linePath(props.appId, '/seals/upload'), body);
    },
    onSuccess: () => {
      void message.success(t('common.done'));
      void client.invalidateQueries({ queryKey: ['seals', props.appId] });
      props.onClose();
    },
    onError: (e) => void message.error(errorText(e)),
  });
  return (
    <Modal
      open
      width={600}
      title={old ? t('seals.replaceTitle', { name: old.subject.name }) : t('seals.upload')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okButtonProps={{ disabled: !file }}
      confirmLoading={upload.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          subjectKind: old?.subject.kind ?? 'organization',
          name: old?.subject.name,
          idType: old?.subject.idType ?? 'USCC',
          idNumber: old?.subject.id,
          removeBackground: true,
        }}
        onFinish={(v) => upload.mutate(v)}
      >
        <Form.Item label={t('seals.image')} required>
          <Upload.Dragger
            accept="image/png,image/jpeg"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              return false;
            }}
            onRemove={() => setFile(null)}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('seals.drop')}</p>
            <p className="ant-upload-hint">{t('seals.dropHint')}</p>
          </Upload.Dragger>
        </Form.Item>
        {!old && (
          <>
            <Form.Item name="subjectKind" label={t('seals.subjectKind')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'organization', label: t('seals.organisation') },
                  { value: 'person', label: t('seals.person') },
                ]}
              />
            </Form.Item>
            <Form.Item
              name="name"
              label={t('seals.subjectName')}
              rules={[{ required: true, whitespace: true, max: 200 }]}
            >
              <Input />
            </Form.Item>
            <Row gutter={12}>
              <Col span={10}>
                <Form.Item name="idType" label={t('seals.idType')} rules={[{ required: true, max: 32 }]}>
                  <Input />
                </Form.Item>
              </Col>
              <Col span={14}>
                <Form.Item name="idNumber" label={t('seals.idNumber')} rules={[{ required: true, max: 64 }]}>
                  <Input />
                </Form.Item>
              </Col>
            </Row>
          </>
        )}
        <Form.Item name="removeBackground" valuePropName="checked">
          <Checkbox>{t('seals.removeBackground')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
