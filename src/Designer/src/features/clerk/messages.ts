import type { FeatureMessages } from '@/i18n'

/** The clerk workspace's messages (`$t('clerk.…')`), Chinese first. */
const messages: FeatureMessages = {
  'zh-CN': {
    processId: '一件事', idNumber: '证件号码', empty: '暂无待受理的办件（申请人提交后会出现在这里）', number: '办件编号',
    oneThing: '一件事', applicant: '申请人', submittedAt: '提交时间', state: '状态', formData: '表单数据', materials: '材料',
    accept: '受理', refuse: '不予受理', correction: '一次性告知补正', reason: '不予受理理由', confirmTitle: '请确认',
    acceptConfirm: '确定受理该办件？受理后流程开始，不能撤销。', refuseConfirm: '确定不予受理？此操作不能撤销。',
    correctionConfirm: '确定一次性告知申请人补正以上事项？', accepted: '已受理', refused: '已不予受理', corrected: '已告知补正',
    item: '补正事项 {n}', requirement: '补正要求 {n}', addRow: '添加事项', remove: '删除', removeRow: '删除第 {n} 项',
  },
  en: {
    processId: 'One-thing', idNumber: 'ID number', empty: 'No cases awaiting intake (submitted cases appear here)', number: 'Case number',
    oneThing: 'One-thing', applicant: 'Applicant', submittedAt: 'Submitted', state: 'State', formData: 'Form data', materials: 'Materials',
    accept: 'Accept', refuse: 'Refuse', correction: 'Request correction', reason: 'Reason for refusal', confirmTitle: 'Please confirm',
    acceptConfirm: 'Accept this case? The process starts; this cannot be undone.', refuseConfirm: 'Refuse this case? This cannot be undone.',
    correctionConfirm: 'Ask the applicant to correct these items?', accepted: 'Accepted', refused: 'Refused', corrected: 'Correction requested',
    item: 'Item {n}', requirement: 'Requirement {n}', addRow: 'Add item', remove: 'Remove', removeRow: 'Remove item {n}',
  },
}
export default messages
