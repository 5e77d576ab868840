/** The field analysis of a version: every tag (loops with their inner fields), where it is used, and the compiler's warnings. */
import { Alert, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/errors';
import { useFields } from './api';
import type { FieldSpec } from './types';

interface Row {
  key: string;
  name: string;
  kind: FieldSpec['kind'];
  where: string[];
  children?: Row[];
}

const KIND_COLOR: Record<FieldSpec['kind'], string> = {
  text: 'blue',
  loop: 'purple',
  condition: 'orange',
  image: 'green',
  html: 'cyan',
};

function rows(fields: FieldSpec[], parent = ''): Row[] {
  return fields.map((f) => {
    const key = `${parent}/${f.name}`;
    return {
      key,
      name: f.name,
      kind: f.kind,
      where: f.where,
      ...(f.fields?.length ? { children: rows(f.fields, key) } : {}),
    };
  });
}

export function FieldsTab(props: { appId: string; templateId: string; versionId?: string }) {
  const { t } = useTranslation();
  const analysis = useFields(props.appId, props.templateId, props.versionId);
  const warnings = analysis.data?.warnings ?? [];
  return (
    <>
      <ErrorAlert error={analysis.error} />
      {warnings.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('templates.fields.warnings', { count: warnings.length })}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="field-warnings">
              {warnings.map((w, i) => (
                <li key={i}>
                  <Typography.Text code>{w.code}</Typography.Text> {w.message}
                  {w.where ? <Typography.Text type="secondary"> — {w.where}</Typography.Text> : null}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Table<Row>
        key={analysis.data?.versionId ?? 'loading'}
        data-testid="field-table"
        size="small"
        loading={analysis.isPending}
        dataSource={rows(analysis.data?.fields ?? [])}
        pagination={false}
        expandable={{ defaultExpandAllRows: true }}
        columns={[
          {
            title: t('templates.fields.tag'),
            dataIndex: 'name',
            render: (n: string) => <Typography.Text code>{n}</Typography.Text>,
          },
          {
            title: t('templates.fields.kind'),
            dataIndex: 'kind',
            width: 120,
            render: (k: FieldSpec['kind']) => <Tag color={KIND_COLOR[k]}>{t(`templates.kinds.${k}`)}</Tag>,
          },
          {
            title: t('templates.fields.where'),
            dataIndex: 'where',
            render: (w: string[]) => <Typography.Text type="secondary">{w.join('；')}</Typography.Text>,
          },
        ]}
        footer={() => t('templates.fields.count', { count: analysis.data?.fields.length ?? 0 })}
      />
    </>
  );
}
