import type { FeatureMessages } from '@/i18n'

/** The applicant workspace's messages (`$t('applicant.…')`), Chinese first. */
const messages: FeatureMessages = {
  'zh-CN': {},
  en: {},
}
export default messages
