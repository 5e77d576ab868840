/** Templates (模板管理): groups as a tree beside a server-paginated list; upload a .docx by drag and drop. */
import { FolderOpenOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Input, Row, Select, Space, Typography } from 'antd';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, get, linePath, query, type Page } from '../api';
import { CursorTable } from '../components/CursorTable';
import { formatTime } from '../lib/format';
import { useAppId } from '../line';
import { can, useRole } from '../session';
import { useGroups } from '../templates/api';
import { ALL, GroupTree, TEMPLATE_DRAG_TYPE } from '../templates/GroupTree';
import { MoveModal } from '../templates/MoveModal';
import type { TemplateSummary } from '../templates/types';
import { UploadModal } from '../templates/UploadModal';

type Status = 'active' | 'pending_approval';

export function Templates() {
  const { t } = useTranslation();
  const appId = useAppId();
  const role = useRole();
  const navigate = useNavigate();
  const groups = useGroups(appId);
  const [groupId, setGroupId] = useState(ALL);
  const [name, setName] = useState('');
  const [status, setStatus] = useState<Status | undefined>();
  const [uploading, setUploading] = useState(false);
  const groupName = (id: string | null) => groups.data?.find((g) => g.id === id)?.name ?? '—';
  const [moving, setMoving] = useState<TemplateSummary | null>(null);
  const { message } = App.useApp();
  const client = useQueryClient();
  const editable = can.change(role);
  // POST …/templates/{id}/move (audited as template.moved); the list and the detail are read again.
  const move = async (id: string, to: string | null) => {
    await api('POST', linePath(appId, `/templates/${encodeURIComponent(id)}/move`), { groupId: to });
    message.success(t('templates.groups.moved', { group: to ? groupName(to) : t('templates.groups.none') }));
    await client.invalidateQueries({ queryKey: ['templates', appId] });
    await client.invalidateQueries({ queryKey: ['template', appId, id] });
  };

  return (
    <Row gutter={16} wrap={false}>
      <Col flex="240px">
        <GroupTree
          appId={appId}
          value={groupId}
          onChange={setGroupId}
          editable={editable}
          {...(editable
            ? {
                onDropTemplate: (id: string, to: string | null) =>
                  void move(id, to).catch((e: unknown) => message.error((e as Error).message)),
              }
            : {})}
        />
      </Col>
      <Col flex="auto" style={{ minWidth: 0 }}>
        <Card
          title={t('common.menu.templates')}
          extra={
            can.change(role) && (
              <Button
                type="primary"
                icon={<UploadOutlined />}
                data-testid="upload-template"
                onClick={() => setUploading(true)}
              >
                {t('templates.upload.button')}
              </Button>
            )
          }
        >
          <Space wrap style={{ marginBottom: 16 }}>
            <Input.Search
              allowClear
              placeholder={t('templates.searchName')}
              style={{ width: 240 }}
              onSearch={(v) => setName(v.trim())}
              data-testid="template-search"
            />
            <Select<Status>
              allowClear
              placeholder={t('templates.filterStatus')}
              style={{ width: 160 }}
              value={status}
              onChange={setStatus}
              options={[
                { value: 'active', label: t('templates.listStatus.active') },
                { value: 'pending_approval', label: t('templates.listStatus.pending_approval') },
              ]}
            />
          </Space>
          <CursorTable<TemplateSummary>
            queryKey={['templates', appId, groupId, name, status ?? '']}
            fetchPage={(cursor) =>
              get<Page<TemplateSummary>>(
                linePath(
                  appId,
                  `/templates${query({ cursor, limit: 20, groupId: groupId || undefined, name, status })}`,
                ),
              )
            }
            rowKey="id"
            onRow={(r) => ({
              onDoubleClick: () => navigate(`/templates/${r.id}`),
              ...(editable
                ? {
                    draggable: true,
                    title: t('templates.groups.dragHint'),
                    onDragStart: (e: DragEvent<HTMLElement>) => {
                      e.dataTransfer.setData(TEMPLATE_DRAG_TYPE, r.id);
                      e.dataTransfer.effectAllowed = 'move';
                    },
                  }
                : {}),
            })}
            columns={[
              {
                title: t('common.name'),
                dataIndex: 'name',
                render: (n: string, r) => <Link to={`/templates/${r.id}`}>{n}</Link>,
              },
              { title: t('templates.group'), dataIndex: 'groupId', render: groupName },
              {
                title: t('templates.activeVersion'),
                dataIndex: 'activeVersionId',
                render: (v: string | null) =>
                  v ? (
                    t('templates.listStatus.active')
                  ) : (
                    <Typography.Text type="secondary">{t('templates.notActive')}</Typography.Text>
                  ),
              },
              { title: t('common.updatedAt'), dataIndex: 'updatedAt', render: formatTime },
              ...(editable
                ? [
                    {
                      title: t('common.actions'),
                      key: 'actions',
                      fixed: 'right' as const,
                      width: 140,
                      render: (_: unknown, r: TemplateSummary) => (
                        <Button
                          size="small"
                          icon={<FolderOpenOutlined />}
                          data-testid="template-move"
                          onClick={() => setMoving(r)}
                        >
                          {t('templates.groups.move')}
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      </Col>
      {moving && (
        <MoveModal
          appId={appId}
          template={moving}
          onMove={(to) => move(moving.id, to)}
          onClose={() => setMoving(null)}
        />
      )}
      {uploading && (
        <UploadModal
          appId={appId}
          groupId={groupId || undefined}
          onClose={() => setUploading(false)}
          onUploaded={(tpl) => navigate(`/templates/${tpl.id}`)}
        />
      )}
    </Row>
  );
}
