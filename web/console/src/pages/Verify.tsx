/**
 * Verify a PDF (验签): dropped or chosen, sent to POST /verify, and every signature of the report
 * shown with its signer, time, timestamp, trust, coverage and the changes of later revisions.
 * The file stays in the browser and the server; nothing is stored.
 */
import { InboxOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Space, Spin, Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { linePath, post } from '../api';
import { ErrorAlert } from '../components/errors';
import { useAppId } from '../line';
import { ChangedPages } from '../verify/ChangedPages';
import { SignatureCard } from '../verify/SignatureCard';
import type { VerificationReport } from '../verify/types';

export function Verify() {
  const { t } = useTranslation();
  const appId = useAppId();
  const verify = useMutation({
    mutationFn: (file: File) => {
      const body = new FormData();
      body.set('file', file);
      return post<VerificationReport>(linePath(appId, '/verify'), body).then((r) => ({
        ...r,
        name: file.name,
        file,
      }));
    },
  });
  const report = verify.data;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('verify.title')}
      </Typography.Title>
      <Upload.Dragger
        accept="application/pdf,.pdf"
        showUploadList={false}
        beforeUpload={(f) => {
          verify.mutate(f);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('verify.drop')}</p>
        <p className="ant-upload-hint">{t('verify.dropHint')}</p>
      </Upload.Dragger>
      {verify.isPending && <Spin style={{ display: 'block', margin: '24px auto' }} />}
      <ErrorAlert error={verify.error} />
      {report && !verify.isPending && (
        <>
          <Alert
            showIcon
            data-testid="verdict"
            type={report.valid ? 'success' : report.signatures.length === 0 ? 'warning' : 'error'}
            title={
              report.signatures.length === 0
                ? t('verify.unsigned', { name: report.name })
                : report.valid
                  ? t('verify.allValid', { name: report.name, n: report.signatures.length })
                  : t('verify.notValid', { name: report.name })
            }
            description={
              report.dss
                ? t('verify.dss', {
                    certificates: report.dss.certificates,
                    crls: report.dss.crls,
                    ocsps: report.dss.ocsps,
                  })
                : undefined
            }
          />
          {report.signatures.map((s, i) => (
            <SignatureCard key={i} report={s} index={i}>
              <ChangedPages appId={appId} file={report.file} pages={report.pages} regions={s.regionsAfter} />
            </SignatureCard>
          ))}
        </>
      )}
    </Space>
  );
}
