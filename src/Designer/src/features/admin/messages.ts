import type { FeatureMessages } from '@/i18n'

/** The admin workspace's messages (`$t('admin.…')`), Chinese first. */
const messages: FeatureMessages = {
  'zh-CN': {},
  en: {},
}
export default messages
