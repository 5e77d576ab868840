/**
 * Upload a Word template: name, group and signer roles first, then the .docx dropped (or chosen)
 * on the drag-and-drop area, which sends everything as one multipart request; the new template
 * opens when it is compiled and stored.
 */
import { InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Form, Input, Modal, Select, TreeSelect, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, showFieldErrors } from '../components/errors';
import { uploadTemplate, useGroups } from './api';
import type { Template, TemplateGroup } from './types';

interface Values {
  name?: string;
  groupId?: string;
  signerRoles: string[];
}

interface GroupNode {
  value: string;
  title: string;
  children: GroupNode[];
}

const groupTree = (groups: TemplateGroup[], parentId: string | null): GroupNode[] =>
  groups
    .filter((g) => g.parentId === parentId)
    .map((g) => ({ value: g.id, title: g.name, children: groupTree(groups, g.id) }));

export function UploadModal(props: {
  appId: string;
  groupId: string | undefined;
  onClose: () => void;
  onUploaded: (t: Template) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const groups = useGroups(props.appId);
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  return (
    <Modal
      open
      title={t('templates.upload.title')}
      footer={null}
      onCancel={props.onClose}
      width={560}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ groupId: props.groupId, signerRoles: t('templates.upload.defaultRoles').split(',') }}
        style={{ marginTop: 12 }}
      >
        <Form.Item
          name="name"
          label={t('common.name')}
          extra={t('templates.upload.nameHint')}
          rules={[{ max: 200 }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="groupId" label={t('templates.upload.group')}>
          <TreeSelect
            allowClear
            treeDefaultExpandAll
            treeData={groupTree(groups.data ?? [], null)}
            placeholder={t('templates.groups.none')}
          />
        </Form.Item>
        <Form.Item
          name="signerRoles"
          label={t('templates.signerRoles')}
          extra={t('templates.upload.rolesHint')}
        >
          <Select mode="tags" open={false} tokenSeparators={[',', '，']} data-testid="upload-roles" />
        </Form.Item>
        <ErrorAlert error={error} />
        <Upload.Dragger
          data-testid="upload-dragger"
          accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
          maxCount={1}
          style={{ marginTop: 12 }}
          customRequest={async ({ file, onSuccess, onError }) => {
            setError(null);
            const blob = file as File;
            const v = form.getFieldsValue();
            try {
              const tpl = await uploadTemplate(props.appId, {
                file: blob,
                name: v.name?.trim() || blob.name.replace(/\.docx$/i, ''),
                groupId: v.groupId ?? null,
                signerRoles: v.signerRoles ?? [],
              });
              onSuccess?.(tpl);
              await client.invalidateQueries({ queryKey: ['templates', props.appId] });
              props.onUploaded(tpl);
            } catch (e) {
              onError?.(e as Error);
              if (!showFieldErrors(form, e)) setError(e);
            }
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('templates.upload.drop')}</p>
          <Typography.Text type="secondary">{t('templates.upload.dropHint')}</Typography.Text>
        </Upload.Dragger>
      </Form>
    </Modal>
  );
}
