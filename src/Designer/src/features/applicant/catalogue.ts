import { ProblemError, readProblem } from '@/api/problem'

/** A time limit of a one-thing (法定/承诺时限) as the catalogue gives it. */
export interface Limit {
  raw: string
  text: string
}
export interface CatalogueMaterial {
  code: string
  name: string
  required: boolean
  step: string | null
}
export interface CatalogueStep {
  id: string
  name: string
  departments: string[]
  limit: Limit | null
}
/** One one-thing of 办事指南 (GET /api/catalogue). Declared here until the endpoint is in openapi.json. */
export interface CatalogueEntry {
  processId: string
  name: string
  version: number
  definitionId: string
  summary: string | null
  documentation: string | null
  statutoryLimit: Limit | null
  promisedLimit: Limit | null
  startFormKey: string | null
  conditions: string[]
  fee: string | null
  pickup: string | null
  materials: CatalogueMaterial[]
  results: { code: string; name: string }[]
  steps: CatalogueStep[]
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
  if (!response.ok) throw new ProblemError(await readProblem(response))
  return (await response.json()) as T
}

/** Every one-thing one can apply for. */
export function listCatalogue(): Promise<CatalogueEntry[]> {
  return getJson<CatalogueEntry[]>('/api/catalogue')
}

/** One one-thing's guide. */
export function getCatalogueEntry(processId: string): Promise<CatalogueEntry> {
  return getJson<CatalogueEntry>(`/api/catalogue/${encodeURIComponent(processId)}`)
}

/** The entry, or — while the catalogue endpoint is not there (404, network) — a minimal one whose start form is
 * `<processId>/apply`, so applying still works. */
export async function entryForApply(processId: string): Promise<CatalogueEntry> {
  try {
    return await getCatalogueEntry(processId)
  } catch (e) {
    if (e instanceof ProblemError && e.status !== 404 && e.status !== 0) throw e
    return {
      processId,
      name: processId,
      version: 0,
      definitionId: '',
      summary: null,
      documentation: null,
      statutoryLimit: null,
      promisedLimit: null,
      startFormKey: `${processId}/apply`,
      conditions: [],
      fee: null,
      pickup: null,
      materials: [],
      results: [],
      steps: [],
    }
  }
}

/** A form-js schema by its key (the key may contain `/`, so it goes into the path as it is). */
export function getFormSchema(key: string): Promise<Record<string, unknown>> {
  return getJson<Record<string, unknown>>(`/api/forms/${key.split('/').map(encodeURIComponent).join('/')}`)
}
