import type { AreaTexts } from '../index';

export default {
  zh: {
    title: '账号管理',
    create: '新建账号',
    username: '用户名',
    role: '角色',
    initialPassword: '初始密码',
    newPassword: '新密码',
    active: '正常',
    disabled: '已停用',
    disable: '停用',
    disableConfirm: '停用后该账号立即无法登录，确定停用？',
    enable: '启用',
    setPassword: '设置密码',
    setPasswordOf: '设置 {{name}} 的密码',
  },
  en: {
    title: 'Accounts',
    create: 'New account',
    username: 'Username',
    role: 'Role',
    initialPassword: 'Initial password',
    newPassword: 'New password',
    active: 'Active',
    disabled: 'Disabled',
    disable: 'Disable',
    disableConfirm: 'The account can no longer log in. Disable?',
    enable: 'Enable',
    setPassword: 'Set password',
    setPasswordOf: 'Set the password of {{name}}',
  },
} satisfies AreaTexts;
