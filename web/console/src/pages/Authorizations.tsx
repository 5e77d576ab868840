/**
 * Authorizations (委托签约): an organisation lets the platform sign for it (automatic signing, 自动签)
 * or lets a person (经办人) sign for it — for all templates or some, within a period; each comes with
 * its authorization letter signed by the organisation (a PDF to open); revocable with a reason.
 * The same form, table columns and revoke serve the delegators page (one organisation's).
 */
import { useQuery } from '@tanstack/react-query';
import { Button, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, linePath } from '../api';
import { authorizationColumns } from '../authorizations/columns';
import { CreateAuthorizationModal } from '../authorizations/CreateAuthorizationModal';
import { RevokeAuthorizationModal } from '../authorizations/RevokeAuthorizationModal';
import type { Authorization } from '../authorizations/types';
import { PageHeader } from '../components/PageHeader';
import { ErrorAlert } from '../components/errors';
import { useAppId } from '../line';
import { can, useRole } from '../session';

export function Authorizations() {
  const { t } = useTranslation();
  const appId = useAppId();
  const role = useRole();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<Authorization | null>(null);
  const list = useQuery({
    queryKey: ['authorizations', appId],
    queryFn: () => get<{ items: Authorization[] }>(linePath(appId, '/authorizations')),
  });

  return (
    <>
      <PageHeader
        title={t('authorizations.title')}
        extra={
          <>
            {can.change(role) && (
              <Button type="primary" onClick={() => setCreating(true)}>
                {t('common.create')}
              </Button>
            )}
          </>
        }
      />
      <ErrorAlert error={list.error} />
      <Table<Authorization>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={authorizationColumns({
          t,
          appId,
          canChange: can.change(role),
          onRevoke: setRevoking,
          withOrganization: true,
        })}
      />
      <CreateAuthorizationModal appId={appId} open={creating} onClose={() => setCreating(false)} />
      <RevokeAuthorizationModal appId={appId} authorization={revoking} onClose={() => setRevoking(null)} />
    </>
  );
}
