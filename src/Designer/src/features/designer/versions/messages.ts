/** Messages of the designer's versions (`$t('designer.versions.…')`), Chinese first. */
export default {
  'zh-CN': {},
  en: {},
}
