import type { FeatureMessages } from '@/i18n'

/** The clerk workspace's messages (`$t('clerk.…')`), Chinese first. */
const messages: FeatureMessages = {
  'zh-CN': {},
  en: {},
}
export default messages
