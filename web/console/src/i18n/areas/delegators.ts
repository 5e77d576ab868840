import type { AreaTexts } from '../index';

export default {
  zh: {
    title: '委托方',
    intro:
      '委托平台自动签署或委托经办人签署的企业，按授权汇总。点击一行查看该企业的印章与全部授权（授权书下载、撤销），或为其新建授权。',
    organization: '委托企业',
    activeAuthorizations: '生效授权 / 全部',
    seals: '可用印章',
    realName: '实名状态',
    noRealName: '未认证',
    lastUsed: '最近使用',
    neverUsed: '尚未使用',
    lastAuthorized: '最近授权',
    authorizations: '授权记录',
    noSeals: '暂无可用印章',
    newAuthorization: '新建授权',
  },
  en: {
    title: 'Delegators',
    intro:
      'Organisations that let the platform sign automatically or a person sign for them, grouped from their authorizations. Open a row for its seals and every authorization (letters, revoke), or to authorize again.',
    organization: 'Organisation',
    activeAuthorizations: 'Active / all',
    seals: 'Active seals',
    realName: 'Real-name',
    noRealName: 'Not verified',
    lastUsed: 'Last used',
    neverUsed: 'Never',
    lastAuthorized: 'Last authorized',
    authorizations: 'Authorizations',
    noSeals: 'No active seal',
    newAuthorization: 'New authorization',
  },
} satisfies AreaTexts;
