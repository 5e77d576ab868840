/** A version's status as a coloured tag; a rejection shows its reason. */
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TemplateVersion } from './types';

const COLOR: Record<TemplateVersion['status'], string> = {
  pending_approval: 'gold',
  approved: 'green',
  rejected: 'red',
  superseded: 'default',
};

export function VersionStatus({ version }: { version: Pick<TemplateVersion, 'status' | 'reviewReason'> }) {
  const { t } = useTranslation();
  const tag = (
    <Tag color={COLOR[version.status]} data-testid="version-status">
      {t(`templates.status.${version.status}`)}
    </Tag>
  );
  return version.status === 'rejected' && version.reviewReason ? (
    <Tooltip title={version.reviewReason}>{tag}</Tooltip>
  ) : (
    tag
  );
}
