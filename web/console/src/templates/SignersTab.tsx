/**
 * Signer roles and their sign fields: boxes drawn on the page previews, or keyword anchors with
 * offsets, each with a cross-page seal switch. Saving makes a new version (same .docx) that legal
 * approves before contracts use it.
 */
import { useQueryClient } from '@tanstack/react-query';
import { App, Alert, Button, Card, Col, Radio, Row, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/errors';
import { saveSigners, usePreviewPages } from './api';
import { KeywordBoxes } from './KeywordBoxes';
import { KeywordFieldForm } from './KeywordFieldForm';
import { PreviewControls } from './PageImage';
import { roleColor } from './roles';
import { SignCanvas } from './SignCanvas';
import { SignFieldTable } from './SignFieldTable';
import { isPageField, type PageField, type SignField, type Template } from './types';

const CANVAS_WIDTH = 560;

export function SignersTab(props: { appId: string; template: Template; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const latest = props.template.versions.at(-1)!;
  const [roles, setRoles] = useState<string[]>(latest.signerRoles);
  const [fields, setFields] = useState<SignField[]>(latest.signFields);
  const [role, setRole] = useState<string | undefined>(latest.signerRoles[0]);
  const [page, setPage] = useState(1);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // A new version arrived (saved here or elsewhere): start from it.
  useEffect(() => {
    setRoles(latest.signerRoles);
    setFields(latest.signFields);
  }, [latest.id, latest.signerRoles, latest.signFields]);
  useEffect(() => {
    if (!role || !roles.includes(role)) setRole(roles[0]);
  }, [roles, role]);

  const pages = usePreviewPages(props.appId, props.template.id, 'tags', latest.id);
  const size = pages.data?.pages[page - 1];
  const dirty =
    JSON.stringify(roles) !== JSON.stringify(latest.signerRoles) ||
    JSON.stringify(fields) !== JSON.stringify(latest.signFields);

  const pageFields = fields.filter(isPageField);
  const indexOfPageField = (i: number) => fields.indexOf(pageFields[i]!);
  const replace = (index: number, f: SignField) =>
    setFields((all) => all.map((x, i) => (i === index ? f : x)));
  const remove = (index: number) => setFields((all) => all.filter((_, i) => i !== index));

  const changeRoles = (next: string[]) => {
    const unique = [...new Set(next.map((r) => r.trim()).filter(Boolean))];
    setRoles(unique);
    // A field of a removed role would be refused by the server: it goes with its role.
    setFields((all) => all.filter((f) => unique.includes(f.role)));
  };

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const v = await saveSigners(props.appId, props.template.id, { signerRoles: roles, signFields: fields });
      message.success(t('templates.signers.saved', { version: v.version }));
      await client.invalidateQueries({ queryKey: ['template', props.appId, props.template.id] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Row gutter={24} wrap={false}>
      <Col flex={`${CANVAS_WIDTH + 2}px`}>
        <PreviewControls page={page} pages={pages.data?.pages.length ?? 1} onPage={setPage} />
        <ErrorAlert error={pages.error} />
        {size && (
          <SignCanvas
            appId={props.appId}
            templateId={props.template.id}
            versionId={latest.id}
            page={page}
            size={size}
            width={CANVAS_WIDTH}
            roles={roles}
            role={props.editable ? role : undefined}
            fields={pageFields}
            onAdd={(f) => setFields((all) => [...all, f])}
            onMove={(i, f: PageField) => replace(indexOfPageField(i), f)}
            onRemove={(i) => remove(indexOfPageField(i))}
            overlay={
              <KeywordBoxes
                appId={props.appId}
                templateId={props.template.id}
                versionId={latest.id}
                page={page}
                size={size}
                width={CANVAS_WIDTH}
                roles={roles}
                fields={fields}
              />
            }
          />
        )}
      </Col>
      <Col flex="auto" style={{ minWidth: 0 }}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Card size="small" title={t('templates.signers.roles')}>
            <Select
              mode="tags"
              data-testid="role-editor"
              style={{ width: '100%', marginBottom: 12 }}
              value={roles}
              onChange={changeRoles}
              open={false}
              disabled={!props.editable}
              tokenSeparators={[',', '，']}
              placeholder={t('templates.signers.rolesPlaceholder')}
            />
            <Typography.Text type="secondary">{t('templates.signers.drawAs')}</Typography.Text>
            <div style={{ marginTop: 8 }}>
              <Radio.Group
                data-testid="draw-role"
                value={role}
                onChange={(e) => setRole(e.target.value as string)}
                disabled={!props.editable}
              >
                {roles.map((r) => (
                  <Radio.Button key={r} value={r}>
                    <span
                      style={{
                        display: 'inline-block',
                        width: 8,
                        height: 8,
                        borderRadius: 4,
                        marginInlineEnd: 6,
                        background: roleColor(roles, r),
                      }}
                    />
                    {r}
                  </Radio.Button>
                ))}
              </Radio.Group>
            </div>
            {props.editable && roles.length > 0 && (
              <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
                {t('templates.signers.drawHint')}
              </Typography.Paragraph>
            )}
          </Card>
          <SignFieldTable
            roles={roles}
            fields={fields}
            editable={props.editable}
            onChange={replace}
            onRemove={remove}
            onShow={(p) => setPage(p)}
          />
          {props.editable && (
            <KeywordFieldForm roles={roles} onAdd={(f) => setFields((all) => [...all, f])} />
          )}
          {props.editable && (
            <>
              <ErrorAlert error={error} />
              {latest.status === 'pending_approval' && (
                <Alert
                  type="info"
                  showIcon
                  title={t('templates.signers.pendingNote', { version: latest.version })}
                />
              )}
              <Space>
                <Button
                  type="primary"
                  data-testid="save-signers"
                  disabled={!dirty}
                  loading={busy}
                  onClick={() => void save()}
                >
                  {t('templates.signers.save')}
                </Button>
                <Button
                  disabled={!dirty}
                  onClick={() => {
                    setRoles(latest.signerRoles);
                    setFields(latest.signFields);
                  }}
                >
                  {t('common.reset')}
                </Button>
                <Typography.Text type="secondary">{t('templates.signers.saveNote')}</Typography.Text>
              </Space>
            </>
          )}
        </Space>
      </Col>
    </Row>
  );
}
