/** The tag colour of a case state. */
export function stateTag(state: string): 'success' | 'warning' | 'danger' | 'info' | 'primary' {
  if (state === 'delivered' || state === 'rated' || state === 'decided') return 'success'
  if (state === 'correction') return 'warning'
  if (state === 'notAccepted' || state === 'withdrawn') return 'danger'
  if (state === 'draft') return 'info'
  return 'primary'
}
