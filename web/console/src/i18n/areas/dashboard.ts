import type { AreaTexts } from '../index';

export default {
  zh: {
    title: '概览',
    createdToday: '今日新建合同',
    completedToday: '今日完成签署',
    status: {
      pending_signing: '签署中',
      completed: '已完成',
      rejected: '已拒签',
      revoked: '已撤销',
      expired: '已过期',
    },
    recent: '最近事件',
    action: '动作',
    target: '对象',
    latency: '接口耗时',
    thisNode: '本节点，自启动以来',
    route: '接口',
    count: '次数',
  },
  en: {
    title: 'Overview',
    createdToday: 'Contracts created today',
    completedToday: 'Completed today',
    status: {
      pending_signing: 'Signing',
      completed: 'Completed',
      rejected: 'Rejected',
      revoked: 'Revoked',
      expired: 'Expired',
    },
    recent: 'Recent events',
    action: 'Action',
    target: 'Object',
    latency: 'Request latency',
    thisNode: 'this node, since it started',
    route: 'Route',
    count: 'Requests',
  },
} satisfies AreaTexts;
