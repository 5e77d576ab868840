import type { AreaTexts } from '../index';

export default {
  zh: {
    title: '审计日志',
    allLines: '全部业务线',
    platform: '平台',
    action: '动作前缀',
    actor: '操作者',
    target: '对象 ID',
    actionColumn: '动作',
    actorColumn: '操作者',
    targetColumn: '对象',
    line: '业务线',
    details: '详情',
  },
  en: {
    title: 'Audit log',
    allLines: 'All business lines',
    platform: 'Platform',
    action: 'Action prefix',
    actor: 'Actor',
    target: 'Object id',
    actionColumn: 'Action',
    actorColumn: 'Actor',
    targetColumn: 'Object',
    line: 'Business line',
    details: 'Details',
  },
} satisfies AreaTexts;
