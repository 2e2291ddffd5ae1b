import type { FeatureMessages } from '@/i18n'

/** The approver workspace's messages (`$t('approver.…')`), Chinese first. */
const messages: FeatureMessages = {
  'zh-CN': {},
  en: {},
}
export default messages
