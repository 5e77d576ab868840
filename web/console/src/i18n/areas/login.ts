import type { AreaTexts } from '../index';

export default {
  zh: {
    title: '合同中心控制台',
    subtitle: '合同运营、法务与管理员登录',
    username: '用户名',
    password: '密码',
    required: '请填写',
    submit: '登录',
  },
  en: {
    title: 'Contract Center console',
    subtitle: 'For contract operators, legal and admins',
    username: 'Username',
    password: 'Password',
    required: 'Required',
    submit: 'Log in',
  },
} satisfies AreaTexts;
