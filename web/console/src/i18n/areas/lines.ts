import type { AreaTexts } from '../index';

export default {
  zh: {
    title: '业务线',
    create: '新建业务线',
    active: '启用中',
    disabled: '已停用',
    autoApprove: '模板变更自动通过',
    autoApproveHelp: '勾选后，该业务线的模板新版本无需法务审批即生效（仅用于测试环境）。',
    yes: '是',
    no: '否',
    rotate: '重置密钥',
    rotateConfirm: '重置后旧密钥立即失效，确定重置？',
    disable: '停用',
    disableConfirm: '停用后该业务线的 API 调用将被拒绝，确定停用？',
    enable: '启用',
    credentials: '「{{name}}」的接入凭证',
  },
  en: {
    title: 'Business lines',
    create: 'New business line',
    active: 'Active',
    disabled: 'Disabled',
    autoApprove: 'Approve template changes automatically',
    autoApproveHelp:
      'New template versions of this line take effect without legal review (test setups only).',
    yes: 'Yes',
    no: 'No',
    rotate: 'Rotate secret',
    rotateConfirm: 'The old secret stops working at once. Rotate?',
    disable: 'Disable',
    disableConfirm: "The line's API calls will be refused. Disable?",
    enable: 'Enable',
    credentials: 'Credentials of “{{name}}”',
  },
} satisfies AreaTexts;
