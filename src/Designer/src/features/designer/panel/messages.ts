/** Messages of the designer's panel (`$t('designer.panel.…')`), Chinese first. */
export default {
  'zh-CN': {},
  en: {},
}
