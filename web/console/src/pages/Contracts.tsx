/**
 * Contracts of the chosen line: filtered and paged by the server (GET /contracts), status as
 * coloured tags, rows open the detail; operators make contract groups and move contracts into one.
 */
import { Button, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { get, linePath, query, type Page } from '../api';
import { CursorTable } from '../components/CursorTable';
import { ContractFilters, type ContractFilter } from '../contracts/Filters';
import { CreateGroupModal, MoveToGroupModal, useContractGroups } from '../contracts/groups';
import { ContractStatusTag } from '../contracts/StatusTag';
import type { ContractSummary } from '../contracts/types';
import { formatTime } from '../lib/format';
import { useAppId } from '../line';
import { can, useRole } from '../session';

export function Contracts() {
  const { t } = useTranslation();
  const appId = useAppId();
  const role = useRole();
  const navigate = useNavigate();
  const [filter, setFilter] = useState<ContractFilter>({});
  const [selected, setSelected] = useState<string[]>([]);
  const [dialog, setDialog] = useState<'group' | 'move' | null>(null);
  const groups = useContractGroups(appId);
  const groupName = new Map((groups.data?.items ?? []).map((g) => [g.id, g.name]));
  const changes = can.change(role);

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('contracts.title')}
        </Typography.Title>
        {changes && (
          <Space>
            <Button disabled={selected.length === 0} onClick={() => setDialog('move')}>
              {t('contracts.groups.move', { count: selected.length })}
            </Button>
            <Button onClick={() => setDialog('group')}>{t('contracts.groups.create')}</Button>
          </Space>
        )}
      </Space>
      <ContractFilters appId={appId} onChange={setFilter} />
      <CursorTable<ContractSummary>
        queryKey={['contracts', appId, filter]}
        fetchPage={(cursor) =>
          get<Page<ContractSummary>>(linePath(appId, `/contracts${query({ ...filter, cursor })}`))
        }
        rowKey="id"
        rowSelection={
          changes
            ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }
            : undefined
        }
        onRow={(c) => ({ onClick: () => navigate(`/contracts/${c.id}`), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: t('contracts.contractTitle'),
            dataIndex: 'title',
            render: (title: string, c) => (
              <Link to={`/contracts/${c.id}`} onClick={(e) => e.stopPropagation()}>
                {title}
              </Link>
            ),
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            width: 110,
            render: (s: ContractSummary['status']) => <ContractStatusTag status={s} />,
          },
          {
            title: t('contracts.group'),
            dataIndex: 'groupId',
            width: 140,
            render: (id: string | null) => (id ? (groupName.get(id) ?? id) : '—'),
          },
          {
            title: t('common.createdAt'),
            dataIndex: 'createdAt',
            width: 180,
            render: (v: number) => formatTime(v),
          },
        ]}
      />
      {dialog === 'group' && <CreateGroupModal appId={appId} onClose={() => setDialog(null)} />}
      {dialog === 'move' && (
        <MoveToGroupModal
          appId={appId}
          contractIds={selected}
          onClose={(moved) => {
            if (moved) setSelected([]);
            setDialog(null);
          }}
        />
      )}
    </>
  );
}
