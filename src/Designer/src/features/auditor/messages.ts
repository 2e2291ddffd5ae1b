import type { FeatureMessages } from '@/i18n'

/** The auditor workspace's messages (`$t('auditor.…')`), Chinese first. */
const messages: FeatureMessages = {
  'zh-CN': {},
  en: {},
}
export default messages
