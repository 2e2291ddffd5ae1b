import type { FeatureMessages } from '@/i18n'
import panel from './panel/messages'
import forms from './forms/messages'
import versions from './versions/messages'

/** The designer's messages (`$t('designer.…')`), Chinese first; the panel, forms and versions keep their own. */
const messages: FeatureMessages = {
  'zh-CN': {
    design: {
      title: '流程设计',
      loadFailed: '流程图无法打开：{message}',
    },
    panel: panel['zh-CN'],
    forms: forms['zh-CN'],
    versions: versions['zh-CN'],
  },
  en: {
    design: {
      title: 'Process design',
      loadFailed: 'The diagram could not be opened: {message}',
    },
    panel: panel.en,
    forms: forms.en,
    versions: versions.en,
  },
}
export default messages
