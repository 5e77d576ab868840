/**
 * One signature (or document timestamp) of a verified PDF: who signed and when (the timestamp's
 * time, which is the trusted one), whether the chain is trusted, whether the bytes are intact and
 * cover the whole file, and what later revisions changed — allowed (more signatures, the DSS) or
 * not (anything else, which makes the signature invalid).
 */
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Card, Descriptions, List, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../lib/format';
import type { SignatureReport } from './types';

function Yes({ ok, yes, no }: { ok: boolean; yes: string; no: string }) {
  return ok ? (
    <Tag icon={<CheckCircleFilled />} color="success">
      {yes}
    </Tag>
  ) : (
    <Tag icon={<CloseCircleFilled />} color="error">
      {no}
    </Tag>
  );
}

/** The CN (or the whole name) of an X.500 subject such as `CN=张三, O=…`. */
function commonName(dn: string | undefined): string {
  if (!dn) return '—';
  return /(?:^|,\s*)CN=([^,]+)/.exec(dn)?.[1] ?? dn;
}

export function SignatureCard({
  report,
  index,
  children,
}: {
  report: SignatureReport;
  index: number;
  /** Below the list of changes: their page pictures. */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const time = report.timestamp?.time ?? report.signingTime;
  const changes = [
    ...report.changesAfter.disallowed.map((c) => ({ c, allowed: false })),
    ...report.changesAfter.allowed.map((c) => ({ c, allowed: true })),
  ];
  return (
    <Card
      size="small"
      data-testid="signature"
      title={
        <Space>
          <span>
            {report.kind === 'document-timestamp'
              ? t('verify.docTimestamp')
              : t('verify.signatureN', { n: index + 1 })}
          </span>
          <Typography.Text>{commonName(report.signer?.subject)}</Typography.Text>
        </Space>
      }
      extra={<Yes ok={report.valid} yes={t('verify.valid')} no={t('verify.invalid')} />}
    >
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('verify.signer')} span={2}>
          <Typography.Text style={{ fontSize: 12 }}>{report.signer?.subject ?? '—'}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('verify.issuer')} span={2}>
          <Typography.Text style={{ fontSize: 12 }}>{report.signer?.issuer ?? '—'}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('verify.time')}>
          {time ? formatTime(Date.parse(time)) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('verify.timestamp')}>
          {report.timestamp ? (
            <Space size={4} wrap>
              <Yes
                ok={report.timestamp.valid && report.timestamp.trusted}
                yes={t('verify.tsOk')}
                no={t('verify.tsBad')}
              />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {commonName(report.timestamp.tsa)}
              </Typography.Text>
            </Space>
          ) : (
            <Tag>{t('verify.noTimestamp')}</Tag>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('verify.trust')}>
          <Yes
            ok={report.trusted}
            yes={t('verify.trusted')}
            no={report.trustProblem ?? t('verify.untrusted')}
          />
        </Descriptions.Item>
        <Descriptions.Item label={t('verify.integrity')}>
          <Yes
            ok={report.integrity.valid}
            yes={t('verify.intact')}
            no={report.integrity.problems.join('; ') || t('verify.broken')}
          />
        </Descriptions.Item>
        <Descriptions.Item label={t('verify.coverage')}>
          {/* Later revisions are normal (the next signer, the DSS): their changes are judged below. */}
          {report.coversWholeDocument ? (
            <Tag color="success">{t('verify.wholeDocument')}</Tag>
          ) : (
            <Tag color="blue">{t('verify.partOnly')}</Tag>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('verify.format')}>
          {report.subFilter}
          {report.certification ? ` · ${t('verify.certifies', { p: report.certification.permissions })}` : ''}
        </Descriptions.Item>
        {report.fieldNames.length > 0 && (
          <Descriptions.Item label={t('verify.field')} span={2}>
            {report.fieldNames.join(', ')}
          </Descriptions.Item>
        )}
      </Descriptions>
      <Typography.Title level={5} style={{ margin: '12px 0 4px' }}>
        {t('verify.changesAfter')}
      </Typography.Title>
      {changes.length === 0 ? (
        <Typography.Text type="secondary">{t('verify.noChanges')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={changes}
          renderItem={({ c, allowed }) => (
            <List.Item>
              <Space>
                <Tag color={allowed ? 'green' : 'red'}>
                  {allowed ? t('verify.allowed') : t('verify.disallowed')}
                </Tag>
                <span>{c}</span>
              </Space>
            </List.Item>
          )}
        />
      )}
      {children}
    </Card>
  );
}
