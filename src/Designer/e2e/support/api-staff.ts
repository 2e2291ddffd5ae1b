import { expect, type APIRequestContext } from '@playwright/test'
import { demoPassword } from './fixtures'

/** A 居民身份证号 with its check character (GB 11643). */
export function personId(body17 = '31010419900307123') {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...body17].reduce((s, c, i) => s + Number(c) * w[i], 0)
  return body17 + '10X98765432'[sum % 11]
}

/** Signs `request` in as `user` and gives a sender of state-changing calls with the anti-forgery token. */
export async function signInApi(request: APIRequestContext, user: string) {
  const login = await request.post('/api/auth/login', { data: { userName: user, password: demoPassword } })
  expect(login.ok()).toBeTruthy()
  const { token } = await (await request.get('/api/auth/antiforgery')).json()
  return {
    async post(path: string, data?: unknown) {
      const r = await request.post(path, { data, headers: { 'X-XSRF-TOKEN': token } })
      expect(r.ok(), `${path}: ${await r.text()}`).toBeTruthy()
      return r.json()
    },
    async put(path: string, data: unknown) {
      const r = await request.put(path, { data, headers: { 'X-XSRF-TOKEN': token } })
      expect(r.ok(), `${path}: ${await r.text()}`).toBeTruthy()
      return r.json()
    },
    async get(path: string) {
      const r = await request.get(path)
      expect(r.ok(), path).toBeTruthy()
      return r.json()
    },
  }
}

/** The applicant's submitted 企业开办 case: `{ id, number }`. */
export async function submittedQiyeKaiban(request: APIRequestContext) {
  const applicant = await signInApi(request, 'applicant')
  const created = await applicant.post('/api/cases', {
    processId: 'qiye-kaiban',
    applicant: { kind: 'person', name: '张三', idNumber: personId() },
    formData: { companyName: '上海一件事科技有限公司', address: '上海市徐汇区漕溪北路 1 号', registeredCapital: 100, needsBankAccount: false },
  })
  const id = created.summary.id as string
  const submitted = await applicant.post(`/api/cases/${id}/submit`)
  return { id, number: submitted.summary.number as string, applicant }
}
