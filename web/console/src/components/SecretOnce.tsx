/**
 * Credentials shown once (a new business line's or a rotated app secret, a webhook secret): the
 * server never answers them again, so the modal says so and closes only when the person confirms.
 */
import { Alert, Button, Descriptions, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export function SecretOnce(props: {
  title: string;
  entries: { label: string; value: string; testId?: string }[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={props.title}
      closable={false}
      maskClosable={false}
      keyboard={false}
      footer={
        <Button type="primary" onClick={props.onDone}>
          {t('secret.saved')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t('secret.once')} style={{ marginBottom: 16 }} />
      <Descriptions column={1} bordered size="small">
        {props.entries.map((e) => (
          <Descriptions.Item key={e.label} label={e.label}>
            <Typography.Text code copyable={{ text: e.value }} data-testid={e.testId}>
              {e.value}
            </Typography.Text>
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Modal>
  );
}
