/** Every sign field of the template: its role, where it is (page and points, or keyword), its size, the cross-page switch. */
import { DeleteOutlined } from '@ant-design/icons';
import { Button, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { roleColor } from './roles';
import { isPageField, type SignField } from './types';

const n = (v: number | undefined) => (v === undefined ? '0' : String(Math.round(v * 10) / 10));

export function SignFieldTable(props: {
  roles: string[];
  fields: SignField[];
  editable: boolean;
  onChange: (index: number, f: SignField) => void;
  onRemove: (index: number) => void;
  onShow: (page: number) => void;
}) {
  const { t } = useTranslation();
  return (
    <Table<{ f: SignField; index: number }>
      data-testid="sign-field-table"
      size="small"
      rowKey="index"
      pagination={false}
      title={() => <Typography.Text strong>{t('templates.signers.fields')}</Typography.Text>}
      locale={{ emptyText: t('templates.signers.noFields') }}
      dataSource={props.fields.map((f, index) => ({ f, index }))}
      columns={[
        {
          title: t('templates.signers.role'),
          render: (_, { f }) => <Tag color={roleColor(props.roles, f.role)}>{f.role}</Tag>,
        },
        {
          title: t('templates.signers.position'),
          render: (_, { f }) =>
            isPageField(f) ? (
              <Button type="link" size="small" style={{ padding: 0 }} onClick={() => props.onShow(f.page)}>
                {t('templates.signers.atPage', { page: f.page, x: n(f.x), y: n(f.y) })}
              </Button>
            ) : (
              <span>
                {t('templates.signers.atKeyword', { keyword: f.keyword })}
                <Typography.Text type="secondary">
                  {' '}
                  ({n(f.offsetX)}, {n(f.offsetY)})
                </Typography.Text>
              </span>
            ),
        },
        {
          title: t('templates.signers.size'),
          render: (_, { f }) => `${n(f.width)} × ${n(f.height)}`,
        },
        {
          title: t('templates.signers.crossPage'),
          render: (_, { f, index }) => (
            <Switch
              size="small"
              checked={!!f.crossPage}
              disabled={!props.editable}
              onChange={(on) => {
                const { crossPage: _off, ...rest } = f;
                props.onChange(index, on ? { ...rest, crossPage: true } : (rest as SignField));
              }}
            />
          ),
        },
        {
          title: '',
          width: 48,
          render: (_, { index }) =>
            props.editable && (
              <Button
                type="text"
                danger
                size="small"
                icon={<DeleteOutlined />}
                aria-label={t('templates.signers.remove')}
                onClick={() => props.onRemove(index)}
              />
            ),
        },
      ]}
    />
  );
}
