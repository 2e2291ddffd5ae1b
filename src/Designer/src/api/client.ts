import createClient, { type Middleware } from 'openapi-fetch'
import type { components, paths } from './schema'
import { ProblemError, readProblem } from './problem'

/** The schemas of the API, by name: `Schemas['CaseDetail']`. */
export type Schemas = components['schemas']

/** What the shell does when the server says the session is gone (401) or the role may not (403). */
export interface SessionHooks {
  expired(): void
  forbidden(detail: string): void
}

let hooks: SessionHooks = { expired() {}, forbidden() {} }
/** Set by the shell once, so every call reports an ended session the same way. */
export function setSessionHooks(h: SessionHooks) {
  hooks = h
}

const safe = new Set(['GET', 'HEAD', 'OPTIONS'])
let token: string | null = null

/** The anti-forgery token every state-changing call carries (X-XSRF-TOKEN); it belongs to the signed-in user, so it is
 * fetched again after sign-in and sign-out. */
async function antiforgery(): Promise<string> {
  if (token) return token
  const response = await fetch('/api/auth/antiforgery', { credentials: 'same-origin' })
  const body = (await response.json()) as { token: string }
  token = body.token
  return token
}

/** Forget the token (the user changed). */
export function resetAntiforgery() {
  token = null
}

const middleware: Middleware = {
  async onRequest({ request }) {
    if (!safe.has(request.method)) request.headers.set('X-XSRF-TOKEN', await antiforgery())
    return request
  },
  async onResponse({ request, response }) {
    if (response.status === 401 && !request.url.endsWith('/api/auth/login')) hooks.expired()
    return response
  },
}

/** The typed client of the server's API (paths and bodies from openapi.json). Prefer {@link call}, which throws a
 * {@link ProblemError} for a failed answer. */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' })
api.use(middleware)

interface Answer<T> {
  data?: T
  error?: unknown
  response: Response
}

/** Awaits a call of {@link api}: its data, or a {@link ProblemError} carrying the server's problem+json. A 400
 * ANTIFORGERY_INVALID (the token outlived its session) is retried once with a fresh token. */
export async function call<T>(send: () => Promise<Answer<T>>): Promise<T> {
  let answer = await send()
  if (!answer.response.ok && answer.response.status === 400) {
    const problem = await readProblem(answer.response)
    if (problem.code === 'ANTIFORGERY_INVALID') {
      resetAntiforgery()
      answer = await send()
    }
  }
  if (!answer.response.ok) {
    const problem = await readProblem(answer.response)
    if (problem.status === 403) hooks.forbidden(problem.detail ?? '')
    throw new ProblemError(problem)
  }
  return answer.data as T
}

/** A multipart upload with progress (fetch cannot report upload progress): resolves with the parsed answer. */
export function upload<T>(url: string, form: FormData, onProgress: (percent: number) => void): Promise<T> {
  return antiforgery().then(
    (xsrf) =>
      new Promise<T>((resolve, reject) => {
        const xhr = new XMLHttpRequest()
        xhr.open('POST', url)
        xhr.setRequestHeader('X-XSRF-TOKEN', xsrf)
        xhr.setRequestHeader('Idempotency-Key', crypto.randomUUID())
        xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100))
        xhr.onerror = () => reject(new ProblemError({ status: 0 }))
        xhr.onload = () => {
          const body = xhr.responseText ? safeJson(xhr.responseText) : undefined
          if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T)
          if (xhr.status === 401) hooks.expired()
          reject(new ProblemError({ status: xhr.status, ...(body as object) }))
        }
        xhr.send(form)
      }),
  )
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
