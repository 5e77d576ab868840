import type { AreaTexts } from '../index';

export default {
  zh: { once: '密钥只显示这一次，关闭后无法再查看。请立即复制并妥善保存。', saved: '我已保存' },
  en: {
    once: 'The secret is shown only now and never again. Copy it and keep it safe.',
    saved: 'I have saved it',
  },
} satisfies AreaTexts;
