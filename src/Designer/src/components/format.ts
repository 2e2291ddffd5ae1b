import dayjs from 'dayjs'

/** A time as people here read it: local time, minutes. */
export function formatTime(value: string | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD HH:mm') : '—'
}

/** A date only. */
export function formatDate(value: string | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD') : '—'
}

/** A file size for a person. */
export function formatSize(bytes: number | string): string {
  const n = Number(bytes)
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

/** A history event's command in words (`task.claim` → 签收); a command the UI does not know yet shows as it is. */
export function commandLabel(t: (key: string) => string, te: (key: string) => boolean, command: string): string {
  return te(`command.${command}`) ? t(`command.${command}`) : command
}
