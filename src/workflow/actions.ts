/** The workflow's actions and their Chinese names (the desk's buttons and `pol wf act`'s --action). No imports: the desk's browser bundle reads it too. */
export const ACTIONS = ['accept', 'return', 'resubmit', 'reject', 'approve', 'publish', 'object', 'disburse'] as const;
export type Action = (typeof ACTIONS)[number];

/** What each action is called in Chinese. */
export const ACTION_ZH: Record<Action | 'apply', string> = {
  apply: '申报',
  accept: '受理',
  return: '退回补正',
  resubmit: '重新提交',
  reject: '不予支持',
  approve: '审核通过',
  publish: '公示',
  object: '异议成立',
  disburse: '拨付',
};
