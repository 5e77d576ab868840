/**
 * A live picture of the signing page a scene gives a signer on a phone: its theme colour, logo,
 * forced reading, click-wrap text and success text, drawn as the signing pages lay them out
 * (web/sign): the contract's pages on top, the action bar at the bottom.
 */
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SceneSettings } from './types';

export function ScenePreview({ settings, name }: { settings: SceneSettings; name: string }) {
  const { t } = useTranslation();
  const color = settings.themeColor ?? '#1677ff';
  const reading = settings.forcedReading?.seconds ?? 0;
  return (
    <div
      data-testid="scene-preview"
      style={{
        width: 260,
        height: 500,
        border: '10px solid #1f2329',
        borderRadius: 28,
        background: '#f5f6f8',
        display: 'flex',
        flexDirection: 'column',
        overflow: 'hidden',
        fontSize: 12,
      }}
    >
      <div
        style={{
          background: color,
          color: '#fff',
          padding: '10px 12px',
          display: 'flex',
          gap: 8,
          alignItems: 'center',
        }}
      >
        {settings.logoUrl ? <span style={{ fontWeight: 600 }}>LOGO</span> : null}
        <span style={{ fontWeight: 600, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
          {name || t('scenes.untitled')}
        </span>
      </div>
      <div style={{ flex: 1, padding: 12, display: 'flex', flexDirection: 'column', gap: 8 }}>
        {[0, 1].map((i) => (
          <div
            key={i}
            style={{ background: '#fff', height: 150, boxShadow: '0 1px 3px rgb(0 0 0 / 12%)', padding: 10 }}
          >
            {Array.from({ length: 7 }, (_, j) => (
              <div
                key={j}
                style={{
                  height: 6,
                  margin: '6px 0',
                  background: '#e5e6eb',
                  width: `${90 - ((j * 13) % 40)}%`,
                }}
              />
            ))}
          </div>
        ))}
      </div>
      <div style={{ background: '#fff', padding: 10, borderTop: '1px solid #e5e6eb' }}>
        {settings.clickwrapText ? (
          <Typography.Paragraph style={{ fontSize: 11, margin: '0 0 8px' }} ellipsis={{ rows: 2 }}>
            ☐ {settings.clickwrapText}
          </Typography.Paragraph>
        ) : null}
        <div style={{ display: 'flex', gap: 8 }}>
          {settings.allowReject !== false ? (
            <div
              style={{
                flex: 1,
                textAlign: 'center',
                padding: '7px 0',
                border: '1px solid #d0d3d9',
                borderRadius: 6,
              }}
            >
              {t('scenes.previewReject')}
            </div>
          ) : null}
          <div
            style={{
              flex: 2,
              textAlign: 'center',
              padding: '7px 0',
              background: color,
              color: '#fff',
              borderRadius: 6,
            }}
          >
            {reading > 0 ? t('scenes.previewReading', { seconds: reading }) : t('scenes.previewSign')}
          </div>
        </div>
      </div>
    </div>
  );
}
