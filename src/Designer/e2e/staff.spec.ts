import { test, expect, signIn, snap, checkAccessibility } from './support/fixtures'
import { submittedQiyeKaiban } from './support/api-staff'
import { acceptAtIntake, completeTask, deliver, requestCorrection, transferTask } from './pages/staff'
import { answerCorrection, rateCase } from './pages/applicant'

test.use({ viewport: { width: 1600, height: 1000 } })

test('企业开办 from intake through every department to delivery', async ({ page, request }) => {
  const { id, number, applicant } = await submittedQiyeKaiban(request)

  // Clerk: 一次性告知补正 with two items; the case is under correction.
  await signIn(page, 'clerk')
  await page.goto('/intake')
  await expect(page.getByRole('link', { name: number })).toBeVisible()
  await checkAccessibility(page)
  await snap(page, 'clerk-intake')
  await requestCorrection(page, number, [
    { item: '注册资本', requirement: '请填写实缴注册资本' },
    { item: '住所', requirement: '请写明门牌号' },
  ])
  const corrected = await applicant.get(`/api/cases/${id}`)
  expect(corrected.summary.state).toBe('correction')
  expect(corrected.correction.map((i: { item: string }) => i.item)).toEqual(['注册资本', '住所'])

  // The applicant reads the checklist in 我的办件, corrects the form in place and resubmits; the clerk accepts.
  await signIn(page, 'applicant')
  await answerCorrection(page, id, ['注册资本', '住所'], { 住所: '上海市徐汇区漕溪北路 1 号 101 室', '注册资本（万元）': '200' })
  const resubmitted = await applicant.get(`/api/cases/${id}`)
  expect(resubmitted.formData).toMatchObject({ address: '上海市徐汇区漕溪北路 1 号 101 室', registeredCapital: 200 })
  await signIn(page, 'clerk')
  await acceptAtIntake(page, number)

  // 市场监管局: the two steps through their forms.
  await signIn(page, 'approver')
  await page.goto('/todo')
  await expect(page.getByTestId('task-table')).toContainText(number)
  await checkAccessibility(page)
  await snap(page, 'approver-todo')
  await completeTask(page, number, '名称自主申报', { 核准的企业名称: '上海一件事科技有限公司' })
  await completeTask(page, number, '设立登记', { 统一社会信用代码: '91310104MA1FL12371', 'yyyy/mm/dd': '2026/11/27' })

  await page.goto(`/cases/${id}`)
  await page.getByRole('tab', { name: '流程图' }).click()
  await expect(page.locator('.ot-done').first()).toBeVisible()
  await expect(page.locator('.ot-current').first()).toBeVisible()
  await checkAccessibility(page)
  await snap(page, 'approver-case-diagram')

  // 税务局 transfers 税务登记 to 人社局's approver, who completes it; the others complete theirs.
  await signIn(page, 'approver-tax')
  await transferTask(page, number, '税务登记', 'approver-hrss')
  await signIn(page, 'approver-hrss')
  await completeTask(page, number, '税务登记')
  await completeTask(page, number, '社保登记')
  await signIn(page, 'approver-police')
  await completeTask(page, number, '印章刻制')

  // Clerk: 统一出件 then 出件.
  await signIn(page, 'clerk')
  await completeTask(page, number, '统一出件')
  await deliver(page, id)
  await snap(page, 'clerk-delivered')

  // The applicant rates the delivered case (好差评), once.
  await signIn(page, 'applicant')
  await rateCase(page, id, 4, '窗口服务热情，一次办好')
  expect((await applicant.get(`/api/cases/${id}`)).rating).toBe(4)
})
