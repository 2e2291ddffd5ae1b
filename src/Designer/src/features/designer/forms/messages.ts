/** Messages of the designer's forms (`$t('designer.forms.…')`), Chinese first. */
export default {
  'zh-CN': {},
  en: {},
}
