/** A CSV file Excel opens with Chinese intact: UTF-8 with a BOM, every field quoted, CRLF line ends. */
export function toCsv(rows: (string | number | null | undefined)[][]): string {
  const quote = (v: string | number | null | undefined) => `"${String(v ?? '').replace(/"/g, '""')}"`
  return '\uFEFF' + rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n'
}

/** Lets the browser save `text` as `fileName`. */
export function download(fileName: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }))
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
