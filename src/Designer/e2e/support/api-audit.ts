import { request, expect, type APIRequestContext } from '@playwright/test'
import { demoPassword } from './fixtures'

/** A person signed in through the API: their own cookie jar and anti-forgery token. */
export interface ApiUser {
  ctx: APIRequestContext
  token: string
}

export async function apiSignIn(baseURL: string, userName: string, password = demoPassword): Promise<ApiUser> {
  const ctx = await request.newContext({ baseURL })
  const login = await ctx.post('/api/auth/login', { data: { userName, password } })
  expect(login.status(), `sign-in of ${userName}`).toBe(200)
  const { token } = await (await ctx.get('/api/auth/antiforgery')).json()
  return { ctx, token }
}

export async function apiPost(user: ApiUser, path: string, data: unknown = {}) {
  const r = await user.ctx.post(path, { data, headers: { 'X-XSRF-TOKEN': user.token } })
  expect(r.ok(), `${path}: ${r.status()} ${await r.text()}`).toBeTruthy()
  return r.json()
}

/** An applicant submits a 企业开办 case and the clerk accepts it: the case's id and 办件编号. */
export async function acceptedQiyeKaibanCase(baseURL: string): Promise<{ id: string; number: string }> {
  const applicant = await apiSignIn(baseURL, 'applicant')
  const draft = await apiPost(applicant, '/api/cases', {
    processId: 'qiye-kaiban',
    applicant: { kind: 'person', name: '张三', idNumber: '11010519491231002X' },
    formData: {
      companyName: '上海追溯测试科技有限公司',
      address: '上海市徐汇区漕溪北路 1 号',
      registeredCapital: 100,
      needsBankAccount: false,
    },
  })
  const id: string = draft.summary.id
  const submitted = await apiPost(applicant, `/api/cases/${id}/submit`)
  const clerk = await apiSignIn(baseURL, 'clerk')
  await apiPost(clerk, `/api/cases/${id}/accept`)
  await applicant.ctx.dispose()
  await clerk.ctx.dispose()
  return { id, number: submitted.summary.number }
}
