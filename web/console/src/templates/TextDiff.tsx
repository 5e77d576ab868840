/** Two versions' texts side by side, changed paragraphs marked (lib/diff.ts). */
import { Alert, Spin, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/errors';
import { diffLines, sideBySide, type DiffRow } from '../lib/diff';
import { useVersionText } from './version-text';

const BACKGROUND: Record<DiffRow['kind'], [string, string]> = {
  equal: ['transparent', 'transparent'],
  change: ['#fff1f0', '#f6ffed'],
  delete: ['#fff1f0', '#fafafa'],
  insert: ['#fafafa', '#f6ffed'],
};

export function TextDiff(props: {
  appId: string;
  templateId: string;
  oldVersionId: string | undefined;
  newVersionId: string;
  oldLabel: string;
  newLabel: string;
}) {
  const { t } = useTranslation();
  const older = useVersionText(props.appId, props.templateId, props.oldVersionId);
  const newer = useVersionText(props.appId, props.templateId, props.newVersionId);
  const rows = useMemo(
    () => (newer.data ? sideBySide(diffLines(older.data ?? [], newer.data)) : []),
    [older.data, newer.data],
  );
  if (older.error || newer.error) return <ErrorAlert error={older.error ?? newer.error} />;
  if (newer.isPending || (props.oldVersionId && older.isPending)) return <Spin />;
  const changes = rows.filter((r) => r.kind !== 'equal').length;
  const cell = (text: string | undefined, background: string) => (
    <td
      style={{ background, padding: '4px 8px', verticalAlign: 'top', width: '50%', wordBreak: 'break-all' }}
    >
      {text}
    </td>
  );
  return (
    <div data-testid="text-diff">
      <Alert
        type={changes ? 'warning' : 'success'}
        showIcon
        title={changes ? t('templates.diff.changes', { count: changes }) : t('templates.diff.same')}
        style={{ marginBottom: 12 }}
      />
      <div style={{ maxHeight: 520, overflow: 'auto', border: '1px solid #f0f0f0', borderRadius: 6 }}>
        <table style={{ width: '100%', borderCollapse: 'collapse', tableLayout: 'fixed', fontSize: 13 }}>
          <thead>
            <tr>
              {[props.oldLabel, props.newLabel].map((l) => (
                <th
                  key={l}
                  style={{
                    textAlign: 'left',
                    padding: '6px 8px',
                    background: '#fafafa',
                    position: 'sticky',
                    top: 0,
                  }}
                >
                  <Typography.Text strong>{l}</Typography.Text>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i} data-diff={r.kind}>
                {cell(r.left, BACKGROUND[r.kind][0])}
                {cell(r.right, BACKGROUND[r.kind][1])}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
