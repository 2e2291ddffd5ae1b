import type { FeatureMessages } from '@/i18n'

/** The designer's messages (`$t('designer.…')`), Chinese first. */
const messages: FeatureMessages = {
  'zh-CN': {
    design: {
      title: '流程设计',
      loadFailed: '流程图无法打开：{message}',
    },
  },
  en: {
    design: {
      title: 'Process design',
      loadFailed: 'The diagram could not be opened: {message}',
    },
  },
}
export default messages
