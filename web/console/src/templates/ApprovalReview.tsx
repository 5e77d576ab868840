/**
 * One pending version under review: the active version (if any) and the new one side by side —
 * text diff and page previews — with approve and reject (a reason required) for legal.
 */
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, Input, Modal, Row, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../api';
import { ErrorAlert } from '../components/errors';
import { usePreviewPages, useTemplate } from './api';
import { PageImage, PreviewControls } from './PageImage';
import { TextDiff } from './TextDiff';
import { FieldBoxes } from './FieldBoxes';
import type { PreviewMode, PreviewPages, SignField, TemplateVersion } from './types';

const PREVIEW_WIDTH = 440;

export function ApprovalReview(props: { appId: string; version: TemplateVersion; canDecide: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const v = props.version;
  const template = useTemplate(props.appId, v.templateId);
  const active = template.data?.activeVersion ?? null;
  const [rejecting, setRejecting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const decide = async (decision: 'approve' | 'reject', reason?: string) => {
    setBusy(true);
    setError(null);
    try {
      await post(
        `/admin/api/template-versions/${encodeURIComponent(v.id)}/${decision}`,
        reason ? { reason } : {},
      );
      message.success(t(decision === 'approve' ? 'approvals.approved' : 'approvals.rejected'));
      setRejecting(false);
      await Promise.all([
        client.invalidateQueries({ queryKey: ['pending-versions'] }),
        client.invalidateQueries({ queryKey: ['template', props.appId, v.templateId] }),
      ]);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const oldLabel = active ? t('approvals.current', { version: active.version }) : t('approvals.noCurrent');
  const newLabel = t('approvals.proposed', { version: v.version });
  // The two versions compared, the same for the text diff and the pages.
  const pair = {
    appId: props.appId,
    templateId: v.templateId,
    oldVersionId: active?.id,
    newVersionId: v.id,
    oldLabel,
    newLabel,
  };
  return (
    <Card
      data-testid="approval-review"
      title={
        <Space>
          {template.data?.name}
          <Typography.Text type="secondary">v{v.version}</Typography.Text>
        </Space>
      }
      extra={
        props.canDecide && (
          <Space>
            <Button danger data-testid="reject" disabled={busy} onClick={() => setRejecting(true)}>
              {t('approvals.reject')}
            </Button>
            <Button
              type="primary"
              data-testid="approve"
              loading={busy}
              onClick={() => void decide('approve')}
            >
              {t('approvals.approve')}
            </Button>
          </Space>
        )
      }
    >
      <ErrorAlert error={error ?? template.error} />
      <Typography.Paragraph type="secondary">
        {t('approvals.changes', {
          roles: v.signerRoles.join('、') || '—',
          fields: v.signFields.length,
          before: active?.signFields.length ?? 0,
        })}
      </Typography.Paragraph>
      <Tabs
        items={[
          {
            key: 'diff',
            label: t('approvals.textDiff'),
            children: <TextDiff {...pair} />,
          },
          {
            key: 'pages',
            label: t('approvals.pages'),
            children: (
              <SideBySidePages
                {...pair}
                oldFields={active?.signFields ?? []}
                newFields={v.signFields}
                roles={v.signerRoles}
              />
            ),
          },
        ]}
      />
      {rejecting && (
        <RejectModal
          busy={busy}
          onCancel={() => setRejecting(false)}
          onReject={(r) => void decide('reject', r)}
        />
      )}
    </Card>
  );
}

function SideBySidePages(props: {
  appId: string;
  templateId: string;
  oldVersionId: string | undefined;
  newVersionId: string;
  oldLabel: string;
  newLabel: string;
  oldFields: SignField[];
  newFields: SignField[];
  roles: string[];
}) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<PreviewMode>('sample');
  const [page, setPage] = useState(1);
  const newer = usePreviewPages(props.appId, props.templateId, mode, props.newVersionId);
  const older = usePreviewPages(
    props.appId,
    props.templateId,
    mode,
    props.oldVersionId ?? props.newVersionId,
  );
  const pages = Math.max(
    newer.data?.pages.length ?? 1,
    props.oldVersionId ? (older.data?.pages.length ?? 1) : 1,
  );
  const column = (
    label: string,
    versionId: string | undefined,
    sizes: PreviewPages['pages'] | undefined,
    fields: SignField[],
  ) => (
    <Col>
      <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
        {label}
      </Typography.Text>
      {versionId && sizes && page <= sizes.length ? (
        <PageImage
          appId={props.appId}
          templateId={props.templateId}
          versionId={versionId}
          page={page}
          mode={mode}
          width={PREVIEW_WIDTH}
          testId={versionId === props.newVersionId ? 'new-page' : 'old-page'}
        >
          <FieldBoxes
            fields={fields}
            roles={props.roles}
            page={page}
            size={sizes[page - 1]!}
            width={PREVIEW_WIDTH}
          />
        </PageImage>
      ) : (
        <div style={{ width: PREVIEW_WIDTH, padding: 24, background: '#fafafa', textAlign: 'center' }}>
          <Typography.Text type="secondary">{t('approvals.noPage')}</Typography.Text>
        </div>
      )}
    </Col>
  );
  return (
    <>
      <PreviewControls mode={mode} onMode={setMode} page={page} pages={pages} onPage={setPage} />
      <Row gutter={24} wrap={false} style={{ overflowX: 'auto' }}>
        {column(props.oldLabel, props.oldVersionId, older.data?.pages, props.oldFields)}
        {column(props.newLabel, props.newVersionId, newer.data?.pages, props.newFields)}
      </Row>
    </>
  );
}

function RejectModal(props: { busy: boolean; onCancel: () => void; onReject: (reason: string) => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={t('approvals.rejectTitle')}
      okText={t('approvals.reject')}
      okButtonProps={{ danger: true, loading: props.busy, htmlType: 'submit', form: 'reject-form' }}
      onCancel={props.onCancel}
      destroyOnHidden
    >
      <Form
        id="reject-form"
        layout="vertical"
        requiredMark={false}
        onFinish={(v: { reason: string }) => props.onReject(v.reason.trim())}
      >
        <Form.Item
          name="reason"
          label={t('approvals.reason')}
          rules={[{ required: true, whitespace: true, max: 1000, message: t('approvals.reasonRequired') }]}
        >
          <Input.TextArea rows={4} autoFocus data-testid="reject-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
